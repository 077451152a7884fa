/**
 * The domain's money and pricing rules, for the browser. They are read from their own entry points rather than from the
 * package's index: the index also carries server-side modules (CSV and vCard parsing among them) that need Node's
 * globals and would break the page, and that no screen here uses. Types still come from '@pond/domain'.
 */
export { CURRENCIES, CURRENCY_DIGITS, formatBasisPoints, formatMoney, minorToDecimal, parseDecimal, parseMoney } from '@pond/domain/orders/money';
export { ORDER_STATUSES, PRODUCT_CATEGORIES, lineAmounts, priceOrder } from '@pond/domain/orders/rules';
