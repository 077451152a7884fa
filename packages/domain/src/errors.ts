import type { Locale, Localized } from './i18n/locale.js';

interface ErrorSpec {
  status: number;
  message: Localized;
}

/**
 * The one error catalogue: a stable code, its HTTP status and its message in every locale.
 * Codes are part of the API contract; never rename one.
 */
export const ERRORS = {
  VALIDATION_FAILED: {
    status: 400,
    message: { en: 'Some fields are not valid.', 'zh-Hant': '部分欄位無效。', 'zh-Hans': '部分字段无效。' },
  },
  TEXT_CONTROL_CHARACTER: {
    status: 400,
    message: {
      en: 'This text contains a control character (or a line break where only one line fits). Remove it and try again.',
      'zh-Hant': '此文字含有控制字元（或在只能填一行的欄位中換行），請刪除後再試。',
      'zh-Hans': '此文字含有控制字符（或在只能填一行的字段中换行），请删除后再试。',
    },
  },
  TEXT_MALFORMED: {
    status: 400,
    message: { en: 'This text is not valid Unicode (a broken character). Type it again.', 'zh-Hant': '此文字不是有效的 Unicode（含有損壞的字元），請重新輸入。', 'zh-Hans': '此文字不是有效的 Unicode（含有损坏的字符），请重新输入。' },
  },
  TEXT_BIDI_CONTROL: {
    status: 400,
    message: {
      en: 'This text contains a hidden direction control that changes how it reads. Remove it and try again.',
      'zh-Hant': '此文字含有會改變閱讀方向的隱藏控制字元，請刪除後再試。',
      'zh-Hans': '此文字含有会改变阅读方向的隐藏控制字符，请删除后再试。',
    },
  },
  TEXT_INVISIBLE_ONLY: {
    status: 400,
    message: { en: 'This text is made only of invisible characters.', 'zh-Hant': '此文字只含不可見的字元。', 'zh-Hans': '此文字只含不可见的字符。' },
  },
  MALFORMED_JSON: {
    status: 400,
    message: { en: 'The request body is not valid JSON.', 'zh-Hant': '請求內容不是有效的 JSON。', 'zh-Hans': '请求内容不是有效的 JSON。' },
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    message: { en: 'Send the request body as JSON.', 'zh-Hant': '請以 JSON 格式傳送請求內容。', 'zh-Hans': '请以 JSON 格式发送请求内容。' },
  },
  UNAUTHENTICATED: {
    status: 401,
    message: { en: 'Please sign in.', 'zh-Hant': '請先登入。', 'zh-Hans': '请先登录。' },
  },
  SESSION_EXPIRED: {
    status: 401,
    message: { en: 'Your session has ended. Please sign in again.', 'zh-Hant': '工作階段已結束，請重新登入。', 'zh-Hans': '会话已结束，请重新登录。' },
  },
  INVALID_CREDENTIALS: {
    status: 401,
    message: { en: 'Email or password is incorrect.', 'zh-Hant': '電郵或密碼不正確。', 'zh-Hans': '邮箱或密码不正确。' },
  },
  WRONG_PASSWORD: {
    status: 400,
    message: { en: 'The current password is incorrect.', 'zh-Hant': '目前密碼不正確。', 'zh-Hans': '当前密码不正确。' },
  },
  FORBIDDEN: {
    status: 403,
    message: { en: 'You are not allowed to do this.', 'zh-Hant': '您沒有執行此操作的權限。', 'zh-Hans': '您没有执行此操作的权限。' },
  },
  CROSS_ORIGIN_REJECTED: {
    status: 403,
    message: { en: 'This request did not come from Pond itself and was refused.', 'zh-Hant': '此請求並非來自 Pond 本身，已被拒絕。', 'zh-Hans': '此请求并非来自 Pond 本身，已被拒绝。' },
  },
  NOT_FOUND: {
    status: 404,
    message: { en: 'Not found.', 'zh-Hant': '找不到。', 'zh-Hans': '未找到。' },
  },
  CONFLICT: {
    status: 409,
    message: { en: 'This conflicts with existing data.', 'zh-Hant': '與現有資料衝突。', 'zh-Hans': '与现有数据冲突。' },
  },
  POOL_ALREADY_CLAIMED: {
    status: 409,
    message: {
      en: 'Someone else claimed this prospect a moment ago. The pool list has been refreshed.',
      'zh-Hant': '此潛在客戶剛剛已被他人認領，公海列表已更新。',
      'zh-Hans': '此潜在客户刚刚已被他人认领，公海列表已更新。',
    },
  },
  POOL_OWNED_LIMIT: {
    status: 409,
    message: {
      en: 'You already own as many prospects as the pool rules allow. Follow up or release some before claiming more.',
      'zh-Hant': '您負責的潛在客戶已達公海規則上限。請先跟進或釋放一些，再認領更多。',
      'zh-Hans': '您负责的潜在客户已达公海规则上限。请先跟进或释放一些，再认领更多。',
    },
  },
  POOL_DAILY_LIMIT: {
    status: 409,
    message: {
      en: 'You have used all of today\'s claims from the pool. Try again tomorrow.',
      'zh-Hant': '您今天的公海認領次數已用完，請明天再試。',
      'zh-Hans': '您今天的公海认领次数已用完，请明天再试。',
    },
  },
  POOL_RECLAIM_WAIT: {
    status: 409,
    message: {
      en: 'This prospect returned to the pool from your book; you may claim it back after the waiting period.',
      'zh-Hant': '此潛在客戶是從您的名下回到公海的，需待等候期過後才能再認領。',
      'zh-Hans': '此潜在客户是从您的名下回到公海的，需待等候期过后才能再认领。',
    },
  },
  POOL_NOT_OWNED: {
    status: 409,
    message: {
      en: 'This prospect is already in the pool.',
      'zh-Hant': '此潛在客戶已在公海中。',
      'zh-Hans': '此潜在客户已在公海中。',
    },
  },
  ORDER_WRONG_STATUS: {
    status: 409,
    message: {
      en: 'This order has moved on in the meantime (confirmed, delivered or cancelled). It has been reloaded.',
      'zh-Hant': '此訂單的狀態已變更（已確認、已交付或已取消），已重新載入。',
      'zh-Hans': '此订单的状态已变更（已确认、已交付或已取消），已重新加载。',
    },
  },
  ORDER_DISCOUNT_TOO_LARGE: {
    status: 400,
    message: {
      en: 'A discount is larger than its line.',
      'zh-Hant': '有一項折扣超過了該行的金額。',
      'zh-Hans': '有一项折扣超过了该行的金额。',
    },
  },
  ORDER_TOO_LARGE: {
    status: 400,
    message: {
      en: 'The amount is larger than Pond can keep exactly.',
      'zh-Hant': '金額過大，超出可精確保存的範圍。',
      'zh-Hans': '金额过大，超出可精确保存的范围。',
    },
  },
  ORDER_PRODUCT_UNAVAILABLE: {
    status: 400,
    message: {
      en: 'A product on this order is no longer in the catalogue. Choose another or describe the line.',
      'zh-Hant': '此訂單上的某項產品已不在產品目錄中，請改選其他產品或以文字描述。',
      'zh-Hans': '此订单上的某项产品已不在产品目录中，请改选其他产品或以文字描述。',
    },
  },
  EVENT_FULL: {
    status: 409,
    message: {
      en: 'This event is full: every seat has been taken.',
      'zh-Hant': '此活動已額滿，所有座位都已有人。',
      'zh-Hans': '此活动已满，所有座位都已有人。',
    },
  },
  EVENT_CLOSED: {
    status: 409,
    message: {
      en: 'This event has been cancelled or is over; its invitations can no longer change this way.',
      'zh-Hant': '此活動已取消或已結束，邀請無法再這樣變更。',
      'zh-Hans': '此活动已取消或已结束，邀请无法再这样变更。',
    },
  },
  EVENT_NOT_OVER: {
    status: 409,
    message: {
      en: 'The list can be closed once the event is over.',
      'zh-Hant': '活動結束後才能結算名單。',
      'zh-Hans': '活动结束后才能结算名单。',
    },
  },
  CHECK_IN_CLOSED: {
    status: 409,
    message: {
      en: 'Check-in is open from 12 hours before the event until 3 days after it.',
      'zh-Hant': '報到時間為活動開始前 12 小時至結束後 3 天。',
      'zh-Hans': '签到时间为活动开始前 12 小时至结束后 3 天。',
    },
  },
  INVITATION_WRONG_STATE: {
    status: 409,
    message: {
      en: 'This invitation has changed in the meantime (answered or checked in). It has been reloaded.',
      'zh-Hant': '此邀請已有變更（已回覆或已報到），已重新載入。',
      'zh-Hans': '此邀请已有变更（已回复或已签到），已重新加载。',
    },
  },
  IMAGE_UNREADABLE: {
    status: 415,
    message: {
      en: 'This file is not a PNG, JPEG, GIF or WebP picture. Save it in one of these formats and upload it again.',
      'zh-Hant': '此檔案不是 PNG、JPEG、GIF 或 WebP 圖片，請另存為其中一種格式後再上傳。',
      'zh-Hans': '此文件不是 PNG、JPEG、GIF 或 WebP 图片，请另存为其中一种格式后再上传。',
    },
  },
  IMAGE_TOO_LARGE: {
    status: 413,
    message: {
      en: 'A picture may be at most 2 MB. Save a smaller copy for the web and upload that.',
      'zh-Hant': '圖片最大 2 MB，請另存一份較小的網頁用圖片再上傳。',
      'zh-Hans': '图片最大 2 MB，请另存一份较小的网页用图片再上传。',
    },
  },
  IMAGE_LIMIT: {
    status: 409,
    message: {
      en: 'This issue already holds 30 pictures, the most one issue may have.',
      'zh-Hant': '這期通訊已有 30 張圖片，已達每期上限。',
      'zh-Hans': '这期通讯已有 30 张图片，已达每期上限。',
    },
  },
  ISSUE_WRONG_STATE: {
    status: 409,
    message: {
      en: 'This newsletter issue has moved on (submitted, approved, sending or sent), so it cannot change this way now. It has been reloaded.',
      'zh-Hant': '這期通訊的狀態已變更（已送審、已核准、發送中或已發送），現在不能這樣變更，已重新載入。',
      'zh-Hans': '这期通讯的状态已变更（已送审、已核准、发送中或已发送），现在不能这样变更，已重新加载。',
    },
  },
  ISSUE_NOT_APPROVED: {
    status: 409,
    message: {
      en: 'This issue has not been approved by a manager, so it cannot be sent.',
      'zh-Hant': '這期通訊尚未經主管核准，不能發送。',
      'zh-Hans': '这期通讯尚未经主管核准，不能发送。',
    },
  },
  APPROVAL_EXPIRED: {
    status: 409,
    message: {
      en: 'The approval of this issue is too old to send on. Submit it again for approval.',
      'zh-Hant': '這期通訊的核准已過期，請重新送審。',
      'zh-Hans': '这期通讯的核准已过期，请重新送审。',
    },
  },
  SELF_APPROVAL: {
    status: 403,
    message: {
      en: 'Nobody approves their own issue: another manager or an admin must review it.',
      'zh-Hant': '不能核准自己撰寫的通訊，須由其他主管或管理員審核。',
      'zh-Hans': '不能核准自己撰写的通讯，须由其他主管或管理员审核。',
    },
  },
  NO_RECIPIENTS: {
    status: 409,
    message: {
      en: 'Nobody on this audience can receive the issue. The list says why each prospect is left out.',
      'zh-Hant': '這個名單中沒有人能收到這期通訊，名單上寫明了每位被排除的原因。',
      'zh-Hans': '这个名单中没有人能收到这期通讯，名单上写明了每位被排除的原因。',
    },
  },
  PERIOD_REVERSED: {
    status: 400,
    message: {
      en: 'The period ends before it starts: choose a first day on or before the last.',
      'zh-Hant': '期間的結束日早於開始日，請重新選擇。',
      'zh-Hans': '期间的结束日早于开始日，请重新选择。',
    },
  },
  PERIOD_TOO_LONG: {
    status: 400,
    message: {
      en: 'A report covers at most 400 days: choose a shorter period.',
      'zh-Hant': '報表最多涵蓋 400 天，請選擇較短的期間。',
      'zh-Hans': '报表最多涵盖 400 天，请选择较短的期间。',
    },
  },
  EMAIL_TAKEN: {
    status: 409,
    message: { en: 'A user with this email already exists.', 'zh-Hant': '已有使用者使用此電郵。', 'zh-Hans': '已有用户使用此邮箱。' },
  },
  TEAM_NAME_TAKEN: {
    status: 409,
    message: { en: 'A team with this name already exists.', 'zh-Hant': '已有同名的團隊。', 'zh-Hans': '已有同名的团队。' },
  },
  SETUP_DONE: {
    status: 409,
    message: { en: 'Pond is already set up. Please sign in.', 'zh-Hant': 'Pond 已完成設定，請登入。', 'zh-Hans': 'Pond 已完成设置，请登录。' },
  },
  SETUP_TOKEN_INVALID: {
    status: 400,
    message: {
      en: 'This setup link is invalid or has expired. Restart Pond or run `pond user add --role admin` for a new one.',
      'zh-Hant': '此設定連結無效或已過期。請重新啟動 Pond 或執行 `pond user add --role admin` 取得新連結。',
      'zh-Hans': '此设置链接无效或已过期。请重新启动 Pond 或运行 `pond user add --role admin` 获取新链接。',
    },
  },
  PASSWORD_TOO_SHORT: {
    status: 400,
    message: { en: 'The password must have at least 10 characters.', 'zh-Hant': '密碼至少需要 10 個字元。', 'zh-Hans': '密码至少需要 10 个字符。' },
  },
  PASSWORD_TOO_LONG: {
    status: 400,
    message: { en: 'The password must have at most 1024 characters.', 'zh-Hant': '密碼最多 1024 個字元。', 'zh-Hans': '密码最多 1024 个字符。' },
  },
  PASSWORD_TOO_COMMON: {
    status: 400,
    message: {
      en: 'This password is among the most common ones. Choose another.',
      'zh-Hant': '此密碼屬於最常見的密碼之一，請另選一個。',
      'zh-Hans': '此密码属于最常见的密码之一，请另选一个。',
    },
  },
  PASSWORD_SAME_AS_EMAIL: {
    status: 400,
    message: { en: 'The password must not be your email.', 'zh-Hant': '密碼不可與電郵相同。', 'zh-Hans': '密码不能与邮箱相同。' },
  },
  LAST_ADMIN: {
    status: 409,
    message: {
      en: 'Pond needs at least one active admin.',
      'zh-Hant': 'Pond 至少需要一位啟用中的管理員。',
      'zh-Hans': 'Pond 至少需要一位启用中的管理员。',
    },
  },
  STALE_VERSION: {
    status: 412,
    message: {
      en: 'Someone changed this record in the meantime. Review the current version.',
      'zh-Hant': '此紀錄已被他人修改，請檢視目前版本。',
      'zh-Hans': '此记录已被他人修改，请查看当前版本。',
    },
  },
  VERSION_REQUIRED: {
    status: 428,
    message: {
      en: 'Say which version of the record this change is based on.',
      'zh-Hant': '請註明此修改所依據的紀錄版本。',
      'zh-Hans': '请注明此修改所依据的记录版本。',
    },
  },
  TOUCH_IN_FUTURE: {
    status: 400,
    message: { en: 'A touch cannot be dated in the future.', 'zh-Hant': '接觸時間不可晚於現在。', 'zh-Hans': '接触时间不能晚于现在。' },
  },
  NEXT_CONTACT_BEFORE_TOUCH: {
    status: 400,
    message: {
      en: 'The next contact date cannot be before the touch.',
      'zh-Hant': '下次聯繫日期不可早於本次接觸。',
      'zh-Hans': '下次联系日期不能早于本次接触。',
    },
  },
  RESUME_DATE_NOT_IN_FUTURE: {
    status: 400,
    message: { en: 'A pause needs a resume date after today.', 'zh-Hant': '暫緩需要一個晚於今天的再訪日期。', 'zh-Hans': '暂缓需要一个晚于今天的再访日期。' },
  },
  CONTACT_INVALID: {
    status: 400,
    message: {
      en: 'A phone number, email or WeChat ID is not valid.',
      'zh-Hant': '電話號碼、電郵或微信號無效。',
      'zh-Hans': '电话号码、邮箱或微信号无效。',
    },
  },
  CONTACT_REQUIRED: {
    status: 400,
    message: { en: 'Give at least one phone, email or WeChat ID.', 'zh-Hant': '請至少提供一個電話、電郵或微信號。', 'zh-Hans': '请至少提供一个电话、邮箱或微信号。' },
  },
  ALREADY_ARCHIVED: {
    status: 409,
    message: { en: 'This prospect is archived.', 'zh-Hant': '此潛在客戶已封存。', 'zh-Hans': '此潜在客户已归档。' },
  },
  IMPORT_EMPTY: {
    status: 400,
    message: { en: 'The file holds no cards.', 'zh-Hant': '檔案中沒有任何名片。', 'zh-Hans': '文件中没有任何名片。' },
  },
  IMPORT_UNREADABLE: {
    status: 400,
    message: { en: 'The file could not be read as CSV or vCard.', 'zh-Hant': '無法以 CSV 或 vCard 格式讀取此檔案。', 'zh-Hans': '无法以 CSV 或 vCard 格式读取此文件。' },
  },
  IMPORT_NO_NAME_COLUMN: {
    status: 400,
    message: {
      en: 'The CSV has no name column (for example "Name", "First Name" and "Last Name", or 姓名).',
      'zh-Hant': 'CSV 沒有姓名欄（例如「姓名」，或 "First Name" 與 "Last Name"）。',
      'zh-Hans': 'CSV 没有姓名列（例如「姓名」，或 "First Name" 与 "Last Name"）。',
    },
  },
  IMPORT_TOO_MANY: {
    status: 413,
    message: { en: 'The file has more than 100,000 cards; split it into several imports.', 'zh-Hant': '檔案中的名片超過 100,000 張，請分成多次匯入。', 'zh-Hans': '文件中的名片超过 100,000 张，请分成多次导入。' },
  },
  /** A reason within VALIDATION_FAILED; `{value}` is the key asked for. */
  EXPORT_COLUMN_UNKNOWN: {
    status: 400,
    message: {
      en: 'There is no column “{value}” to export.',
      'zh-Hant': '沒有可匯出的欄位「{value}」。',
      'zh-Hans': '没有可导出的字段“{value}”。',
    },
  },
  EXPORT_COLUMNS_EMPTY: {
    status: 400,
    message: { en: 'Choose at least one column to export.', 'zh-Hant': '請至少選擇一個要匯出的欄位。', 'zh-Hans': '请至少选择一个要导出的字段。' },
  },
  BODY_TOO_LARGE: {
    status: 413,
    message: { en: 'The request is too large.', 'zh-Hant': '請求內容過大。', 'zh-Hans': '请求内容过大。' },
  },
  TOO_MANY_ATTEMPTS: {
    status: 429,
    message: {
      en: 'Too many attempts. Try again later.',
      'zh-Hant': '嘗試次數過多，請稍後再試。',
      'zh-Hans': '尝试次数过多，请稍后再试。',
    },
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    message: {
      en: 'Pond cannot reach its database right now. Try again in a moment.',
      'zh-Hant': 'Pond 暫時無法連線資料庫，請稍後再試。',
      'zh-Hans': 'Pond 暂时无法连接数据库，请稍后再试。',
    },
  },
  MAIL_NOT_CONFIGURED: {
    status: 409,
    message: { en: 'Outgoing mail is not set up yet. An admin sets it up under Settings → Outgoing mail.', 'zh-Hant': '尚未設定外寄郵件，請管理員在「設定 → 外寄郵件」中設定。', 'zh-Hans': '尚未设置外发邮件，请管理员在“设置 → 外发邮件”中设置。' },
  },
  SECRET_KEY_MISSING: {
    status: 409,
    message: {
      en: 'Pond cannot keep passwords yet: set POND_SECRET_KEY on the server (openssl rand -base64 32) and restart it.',
      'zh-Hant': 'Pond 目前無法保存密碼：請在伺服器上設定 POND_SECRET_KEY（openssl rand -base64 32）並重新啟動。',
      'zh-Hans': 'Pond 目前无法保存密码：请在服务器上设置 POND_SECRET_KEY（openssl rand -base64 32）并重新启动。',
    },
  },
  MAIL_SEND_FAILED: {
    status: 502,
    message: { en: 'The mail server refused the message or could not be reached. The details say what it answered.', 'zh-Hant': '郵件伺服器拒收或無法連線，詳情中有伺服器的回覆。', 'zh-Hans': '邮件服务器拒收或无法连接，详情中有服务器的回复。' },
  },
  STORAGE_FULL: {
    status: 503,
    message: {
      en: 'The server has run out of disk space, so nothing was saved. Reading still works; tell your administrator.',
      'zh-Hant': '伺服器磁碟空間已滿，這次沒有儲存任何內容。仍可查看資料，請通知管理員。',
      'zh-Hans': '服务器磁盘空间已满，这次没有保存任何内容。仍可查看数据，请通知管理员。',
    },
  },
  INTERNAL: {
    status: 500,
    message: { en: 'Something went wrong on our side.', 'zh-Hant': '系統發生錯誤。', 'zh-Hans': '系统发生错误。' },
  },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

/** A rule broken on purpose-known ground: carries a catalogue code and optional details for the client. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, options: { details?: unknown; headers?: Record<string, string>; cause?: unknown } = {}) {
    super(ERRORS[code].message.en, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.details = options.details;
    this.headers = options.headers ?? {};
  }
}

export function errorMessage(code: ErrorCode, locale: Locale): string {
  return ERRORS[code].message[locale];
}
