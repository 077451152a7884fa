/** Names and words for believable demo prospects (a mix of traditional and simplified writing). */
export const SURNAMES = ['王', '李', '張', '劉', '陳', '楊', '黃', '趙', '吳', '周', '徐', '孫', '馬', '朱', '胡', '郭', '何', '林', '羅', '高', '鄭', '梁', '謝', '宋', '唐', '許', '韓', '馮', '曾', '彭'];
export const GIVEN = ['偉', '芳', '娜', '敏', '靜', '麗', '強', '磊', '軍', '洋', '勇', '艷', '傑', '娟', '濤', '明', '超', '秀英', '華', '慧', '建國', '志強', '家豪', '淑芬', '俊宏', '美玲', '雅婷', '冠宇', '子涵', '浩然'];
export const COMPANIES = ['宏達貿易有限公司', '新光物流', '大同電器行', '金鼎建設', '華美餐飲集團', '永豐五金', '瑞昌汽車租賃', '東方印刷廠', '興隆水產', '海天紡織', '明德補習班', '長榮旅行社', null, null, null];
export const FEEDBACK = [
  '正在比較三款轎車，覺得我們的油耗比較好',
  '覺得價格偏高，競爭對手有優惠',
  '對售後服務很在意，上次別家修車等太久',
  '家裡人還在商量，下個月再說',
  '喜歡試駕的感覺，但預算還沒批',
  '想等新款上市再決定',
  '朋友推薦過我們，想多了解保養方案',
];
/** What a salesperson learned from a sale: the second of the article's three gains. */
export const LESSONS = [
  '三次回訪都沒推銷，第三次客戶主動請我推薦，信任比價格重要',
  '客戶最在意售後保養，把保養方案講清楚就成交了',
  '家人一起來試駕那次是關鍵，下次早點邀請家人',
];
export const SUMMARIES = ['晚上電話問候，聊了用車需求', '到店試駕', '微信傳了新車型資料', '展會上再次見面', '電話回訪，沒有推銷', '送了保養優惠券'];

/** A small deterministic PRNG (mulberry32), so every demo looks the same. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}
