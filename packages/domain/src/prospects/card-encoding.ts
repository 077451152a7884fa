/*
 * Which encoding an exported contacts file is in. Phones, Google and Outlook.com write UTF-8; Excel and classic
 * Outlook on Chinese Windows write the system's legacy code page without a BOM: GBK (read as its superset
 * GB18030) on Simplified Chinese Windows, Big5 on Traditional Chinese Windows. Nothing in such a file names its
 * encoding, so both readings are tried and the one that reads as Chinese text wins.
 *
 * No imports: the web reads files with this same rule before it sends them (`@pond/domain/card-encoding`).
 */

/** The legacy Chinese encodings Excel saves in. */
export type LegacyEncoding = 'gb18030' | 'big5';
/** What a file was read as. */
export type CardTextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | LegacyEncoding;

/**
 * Some 950 characters that make up most of any Chinese address book, in both scripts: the most frequent
 * characters of running text, common surnames and given-name characters, and the words of companies, titles
 * and addresses. A file read in the wrong encoding turns into rare characters, symbols and private-use code
 * points, hardly any of them in this set.
 */
const COMMON =
  '的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坏兴切陈刘杨赵吴孙朱胡郭罗郑梁谢宋唐韩冯邓曹彭曾萧田董潘袁蔡蒋余杜叶苏魏吕丁沈姚卢姜崔钟谭陆汪范廖韦贾夏付邹熊孟秦邱侯尹薛闫段雷龙黎陶贺郝顾龚邵覃戴严欧莫孔汤康易乔赖施洪辛柯庄伟芳娜敏静丽磊洋勇艳杰娟涛超秀霞刚桂玲婷雪慧梅波辉鹏宇浩丹萍琳晶燕凤宁鑫斌俊峰琴云玉春兰淑珍君佳怡欣雅婉宏嘉诚豪翔瑞祥荣富贵福禄寿财旺顺股份限责集团贸络软汽销售咨询投银险证券监助裁秘采购营客户邮箱微址姓职称构标签类级备注号码街县镇省楼层室栋巷弄湾州圳港澳津庆杭汉厦岛锡雄桃园竹纺织钢铁塑胶医疗药食饮料输育培训餐酒店這來國個說們為時會著過學對裡後麼沒於還發當無開見經頭從動兩長樣現將與進實點種聲話兒問機給幾業間電門東聽氣關並內卻軍產萬體別處總場師書員華報馬張難數車應計親務臺記邊風戰幹許覺題統請愛讓認論義術結連遠資隊帶條變聯權該領傳紅決達辦運強區轉眾輕語滿寫識極黃臉錢黨設雙歷廣議際則單據導網專誰讀飛觀爭組視濟離雖壞興陳劉楊趙吳孫羅鄭謝韓馮鄧蕭蔣餘葉蘇呂盧鍾譚陸範韋賈鄒閆龍賀顧龔嚴歐湯喬賴莊偉靜麗豔傑濤剛輝鵬鳳寧雲蘭誠榮貴祿壽財順責團貿絡軟銷諮詢銀險證監採購營戶繫郵職稱構標籤類級備註號碼縣鎮樓層棟灣慶漢廈島錫園紡織鋼鐵膠醫療藥飲輸訓';

let common: Set<number> | undefined;

/** Bytes from the start of the file that are enough to tell the two readings apart. */
const SAMPLE_BYTES = 256 * 1024;

/**
 * How much a text reads as Chinese: one point per common character, three off per character that cannot be
 * right (U+FFFD for bytes that are not valid, a private-use code point for a pair that maps to no character).
 */
function chineseScore(text: string): number {
  common ??= new Set([...COMMON].map((c) => c.codePointAt(0)!));
  let score = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x3400) continue;
    if (c === 0xfffd || (c >= 0xe000 && c <= 0xf8ff)) score -= 3;
    else if (common.has(c)) score += 1;
  }
  return score;
}

/**
 * The legacy encoding the bytes read best in; `preferred` when neither reading is better (a file with no
 * Chinese in it, or too little to tell).
 */
export function guessLegacyEncoding(bytes: Uint8Array, preferred: LegacyEncoding = 'gb18030'): LegacyEncoding {
  let end = Math.min(bytes.length, SAMPLE_BYTES);
  // Cut after an ASCII byte, so the sample does not end in half a character.
  if (end < bytes.length) while (end > 0 && bytes[end - 1]! >= 0x80) end--;
  const sample = bytes.subarray(0, end);
  const gb = chineseScore(new TextDecoder('gb18030').decode(sample));
  const big5 = chineseScore(new TextDecoder('big5').decode(sample));
  if (gb === big5) return preferred;
  return gb > big5 ? 'gb18030' : 'big5';
}

/**
 * An exported file's text and what it was read as: UTF-16 when it starts with a byte-order mark, UTF-8 when it is
 * valid UTF-8 (with or without BOM), else the legacy encoding it reads best in, or `choice` when the user said
 * which; `preferred` settles a file that reads equally well in both.
 */
export function readCardBytes(bytes: Uint8Array, choice: 'auto' | LegacyEncoding = 'auto', preferred: LegacyEncoding = 'gb18030'): { text: string; encoding: CardTextEncoding } {
  const as = (encoding: CardTextEncoding) => ({ text: new TextDecoder(encoding).decode(bytes), encoding });
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return as('utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return as('utf-16be');
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return as(choice === 'auto' ? guessLegacyEncoding(bytes, preferred) : choice);
  }
}

/** Bytes of an exported file as text; see {@link readCardBytes}. */
export function decodeCardBytes(bytes: Uint8Array, choice: 'auto' | LegacyEncoding = 'auto', preferred: LegacyEncoding = 'gb18030'): string {
  return readCardBytes(bytes, choice, preferred).text;
}
