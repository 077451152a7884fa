import {
  CalendarDateSchema,
  CancelOrderInput,
  CommissionRuleInput,
  CommissionRuleView,
  ConfirmOrderInput,
  DeliverOrderInput,
  OrderInput,
  OrderPageView,
  OrderPatch,
  OrderStatus,
  OrderView,
  ProductInput,
  ProductPatch,
  ProductView,
} from '@pond/domain';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf, requestMeta } from '../../platform/auth.js';
import { ErrorBodySchema } from '../../platform/errors.js';
import { IdParams, commonErrors, paramId, type TypedApp } from '../../platform/http.js';
import { versionFrom } from '../../platform/versioning.js';
import type { RouteContext } from '../../route-context.js';

const errors = { ...commonErrors, 409: ErrorBodySchema, 412: ErrorBodySchema, 428: ErrorBodySchema };

const OrderFilterQuery = z.strictObject({
  from: CalendarDateSchema.optional(),
  to: CalendarDateSchema.optional(),
  ownerId: z.coerce.number().int().positive().optional(),
  closedById: z.coerce.number().int().positive().optional(),
  status: OrderStatus.optional(),
  productId: z.coerce.number().int().positive().optional(),
  prospectId: z.coerce.number().int().positive().optional(),
});
const OrderListQuery = OrderFilterQuery.extend({ cursor: z.string().max(500).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }).strict();

export function ordersRoutes(app: TypedApp, { services }: RouteContext): void {
  const tags = ['orders'];
  const { orders, catalogue, prospects } = services;
  // An order the actor may not see answers 404 whatever was sent with it: checked before the body is.
  const orderVisible = async (request: FastifyRequest) => {
    const id = paramId(request);
    if (id !== null) await orders.assertVisible(actorOf(request), id);
  };

  app.get('/products', {
    schema: {
      tags,
      summary: "The product catalogue for the order form (active products; the admin may add retired ones with all=true)",
      querystring: z.strictObject({ all: z.enum(['true', 'false']).optional() }),
      response: { 200: z.object({ items: z.array(ProductView) }), ...commonErrors },
    },
    handler: async (request) => ({ items: await catalogue.products(actorOf(request), request.query.all === 'true') }),
  });

  app.post('/products', {
    config: { may: 'manageCatalogue' },
    schema: { tags, summary: 'Add a product: names in the team languages, category, list price in minor units (admin)', body: ProductInput, response: { 201: ProductView, ...errors } },
    handler: async (request, reply) => reply.code(201).send(await catalogue.createProduct(actorOf(request), request.body, requestMeta(request))),
  });

  app.patch('/products/:id', {
    config: { may: 'manageCatalogue' },
    schema: { tags, summary: 'Change or retire a product (admin); send the version read, or If-Match', params: IdParams, body: ProductPatch, response: { 200: ProductView, ...errors } },
    handler: async (request) => {
      const { version, ...patch } = request.body;
      return catalogue.updateProduct(actorOf(request), request.params.id, versionFrom(version, request.headers['if-match']), patch, requestMeta(request));
    },
  });

  app.get('/commission-rules', {
    config: { may: 'manageCatalogue' },
    schema: { tags, summary: 'Commission rules per category, with the day each took effect and which is in force (admin)', response: { 200: z.object({ items: z.array(CommissionRuleView) }), ...commonErrors } },
    handler: async (request) => ({ items: await catalogue.rules(actorOf(request)) }),
  });

  app.post('/commission-rules', {
    config: { may: 'manageCatalogue' },
    schema: {
      tags,
      summary: 'A new commission rule for a category from a day on; orders confirmed earlier keep theirs (admin)',
      body: CommissionRuleInput,
      response: { 201: z.object({ items: z.array(CommissionRuleView) }), ...errors },
    },
    handler: async (request, reply) => reply.code(201).send({ items: await catalogue.addRule(actorOf(request), request.body, requestMeta(request)) }),
  });

  app.get('/orders', {
    schema: {
      tags,
      summary: 'Orders the actor may see (those of prospects they see), newest first, with totals per currency',
      querystring: OrderListQuery,
      response: { 200: OrderPageView, ...commonErrors },
    },
    handler: async (request) => orders.list(actorOf(request), request.query),
  });

  app.get('/orders/export', {
    schema: {
      tags,
      summary: "The list's orders under the same filters as CSV (UTF-8 with BOM); amounts in their own currency; formula cells neutralised",
      produces: ['text/csv'],
      querystring: OrderFilterQuery,
      response: { 200: z.string(), ...commonErrors },
    },
    handler: async (request, reply) => {
      const file = await orders.csv(actorOf(request), request.query, requestMeta(request), request.locale);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${file.filename}"`).header('cache-control', 'no-store').send(file.body);
    },
  });

  app.get('/orders/:id', {
    schema: { tags, summary: 'One order with its lines and, once confirmed, its three gains', params: IdParams, response: { 200: OrderView, ...commonErrors } },
    handler: async (request) => orders.get(actorOf(request), request.params.id),
  });

  app.post('/prospects/:id/orders', {
    preValidation: async (request) => {
      const id = paramId(request);
      if (id !== null) await prospects.assertVisible(actorOf(request), [id]);
    },
    schema: {
      tags,
      summary: 'Start an order (a draft) for a prospect: lines of the catalogue or free text, in one currency',
      params: IdParams,
      body: OrderInput,
      response: { 201: OrderView, ...errors },
    },
    handler: async (request, reply) => reply.code(201).send(await orders.create(actorOf(request), request.params.id, request.body, requestMeta(request))),
  });

  app.patch('/orders/:id', {
    preValidation: orderVisible,
    schema: { tags, summary: 'Change a draft order (lines, currency, delivery day, note); send the version read, or If-Match', params: IdParams, body: OrderPatch, response: { 200: OrderView, ...errors } },
    handler: async (request) => {
      const { version, ...patch } = request.body;
      return orders.update(actorOf(request), request.params.id, versionFrom(version, request.headers['if-match']), patch, requestMeta(request));
    },
  });

  app.post('/orders/:id/confirm', {
    preValidation: orderVisible,
    schema: {
      tags,
      summary: 'Close the sale with its three gains: freezes amounts and commission, logs the sale as a touch with the after-sale call, makes the prospect a customer',
      params: IdParams,
      body: ConfirmOrderInput,
      response: { 200: OrderView, ...errors },
    },
    handler: async (request) => orders.confirm(actorOf(request), request.params.id, { ...request.body, version: versionFrom(request.body.version, request.headers['if-match']) }, requestMeta(request)),
  });

  app.post('/orders/:id/deliver', {
    preValidation: orderVisible,
    schema: { tags, summary: 'Record the delivery of a confirmed order; the prospect may again go to the pool when neglected', params: IdParams, body: DeliverOrderInput, response: { 200: OrderView, ...errors } },
    handler: async (request) => orders.deliver(actorOf(request), request.params.id, { ...request.body, version: versionFrom(request.body.version, request.headers['if-match']) }, requestMeta(request)),
  });

  app.post('/orders/:id/cancel', {
    preValidation: orderVisible,
    schema: { tags, summary: 'Cancel a draft or confirmed order with a reason; a cancelled sale gives back the stage it brought', params: IdParams, body: CancelOrderInput, response: { 200: OrderView, ...errors } },
    handler: async (request) => orders.cancel(actorOf(request), request.params.id, { ...request.body, version: versionFrom(request.body.version, request.headers['if-match']) }, requestMeta(request)),
  });
}
