/**
 * Word lists for realistic Chinese-language CRM data. Every entry carries its traditional and simplified
 * form and its pinyin, so the generator can write either script and the search scenarios can derive
 * queries (initials, full pinyin, the other script) from the stored rows.
 */

/** [traditional, simplified, pinyin, relative frequency] — the most common surnames, roughly by frequency. */
export const SURNAMES: ReadonlyArray<readonly [string, string, string, number]> = [
  ['王', '王', 'wang', 72], ['李', '李', 'li', 71], ['張', '张', 'zhang', 67], ['劉', '刘', 'liu', 54],
  ['陳', '陈', 'chen', 47], ['楊', '杨', 'yang', 33], ['黃', '黄', 'huang', 25], ['趙', '赵', 'zhao', 21],
  ['吳', '吴', 'wu', 20], ['周', '周', 'zhou', 19], ['徐', '徐', 'xu', 15], ['孫', '孙', 'sun', 14],
  ['馬', '马', 'ma', 13], ['朱', '朱', 'zhu', 13], ['胡', '胡', 'hu', 12], ['郭', '郭', 'guo', 12],
  ['何', '何', 'he', 11], ['高', '高', 'gao', 10], ['林', '林', 'lin', 10], ['羅', '罗', 'luo', 10],
  ['鄭', '郑', 'zheng', 9], ['梁', '梁', 'liang', 9], ['謝', '谢', 'xie', 8], ['宋', '宋', 'song', 7],
  ['唐', '唐', 'tang', 7], ['許', '许', 'xu', 7], ['韓', '韩', 'han', 7], ['馮', '冯', 'feng', 6],
  ['鄧', '邓', 'deng', 6], ['曹', '曹', 'cao', 6], ['彭', '彭', 'peng', 6], ['曾', '曾', 'zeng', 6],
  ['蕭', '肖', 'xiao', 6], ['田', '田', 'tian', 5], ['董', '董', 'dong', 5], ['袁', '袁', 'yuan', 5],
  ['潘', '潘', 'pan', 5], ['蔣', '蒋', 'jiang', 5], ['蔡', '蔡', 'cai', 5], ['余', '余', 'yu', 4],
  ['杜', '杜', 'du', 4], ['葉', '叶', 'ye', 4], ['程', '程', 'cheng', 4], ['蘇', '苏', 'su', 4],
  ['魏', '魏', 'wei', 4], ['呂', '吕', 'lv', 4], ['丁', '丁', 'ding', 4], ['任', '任', 'ren', 4],
  ['沈', '沈', 'shen', 4], ['姚', '姚', 'yao', 3], ['盧', '卢', 'lu', 3], ['姜', '姜', 'jiang', 3],
  ['崔', '崔', 'cui', 3], ['鍾', '钟', 'zhong', 3], ['譚', '谭', 'tan', 3], ['陸', '陆', 'lu', 3],
  ['汪', '汪', 'wang', 3], ['范', '范', 'fan', 3], ['金', '金', 'jin', 3], ['石', '石', 'shi', 3],
  ['廖', '廖', 'liao', 3], ['賈', '贾', 'jia', 3], ['夏', '夏', 'xia', 3], ['韋', '韦', 'wei', 2],
  ['方', '方', 'fang', 2], ['白', '白', 'bai', 2], ['鄒', '邹', 'zou', 2], ['孟', '孟', 'meng', 2],
  ['熊', '熊', 'xiong', 2], ['秦', '秦', 'qin', 2], ['邱', '邱', 'qiu', 2], ['江', '江', 'jiang', 2],
  ['尹', '尹', 'yin', 2], ['薛', '薛', 'xue', 2], ['段', '段', 'duan', 2], ['雷', '雷', 'lei', 2],
  ['侯', '侯', 'hou', 2], ['龍', '龙', 'long', 2], ['史', '史', 'shi', 2], ['陶', '陶', 'tao', 2],
  ['黎', '黎', 'li', 2], ['賀', '贺', 'he', 2], ['顧', '顾', 'gu', 2], ['毛', '毛', 'mao', 2],
  ['郝', '郝', 'hao', 1], ['龔', '龚', 'gong', 1], ['邵', '邵', 'shao', 1], ['萬', '万', 'wan', 1],
  ['錢', '钱', 'qian', 1], ['嚴', '严', 'yan', 1], ['戴', '戴', 'dai', 1], ['莫', '莫', 'mo', 1],
  ['孔', '孔', 'kong', 1], ['湯', '汤', 'tang', 1], ['歐陽', '欧阳', 'ouyang', 0.5], ['司馬', '司马', 'sima', 0.2],
  ['諸葛', '诸葛', 'zhuge', 0.1], ['上官', '上官', 'shangguan', 0.1],
];

/** [traditional, simplified, pinyin] — characters common in given names. */
export const GIVEN_CHARS: ReadonlyArray<readonly [string, string, string]> = [
  ['偉', '伟', 'wei'], ['芳', '芳', 'fang'], ['娜', '娜', 'na'], ['敏', '敏', 'min'], ['靜', '静', 'jing'],
  ['麗', '丽', 'li'], ['強', '强', 'qiang'], ['磊', '磊', 'lei'], ['軍', '军', 'jun'], ['洋', '洋', 'yang'],
  ['勇', '勇', 'yong'], ['艷', '艳', 'yan'], ['傑', '杰', 'jie'], ['娟', '娟', 'juan'], ['濤', '涛', 'tao'],
  ['明', '明', 'ming'], ['超', '超', 'chao'], ['秀', '秀', 'xiu'], ['霞', '霞', 'xia'], ['平', '平', 'ping'],
  ['剛', '刚', 'gang'], ['桂', '桂', 'gui'], ['英', '英', 'ying'], ['華', '华', 'hua'], ['文', '文', 'wen'],
  ['輝', '辉', 'hui'], ['建', '建', 'jian'], ['國', '国', 'guo'], ['志', '志', 'zhi'], ['紅', '红', 'hong'],
  ['玲', '玲', 'ling'], ['小', '小', 'xiao'], ['雪', '雪', 'xue'], ['慧', '慧', 'hui'], ['鵬', '鹏', 'peng'],
  ['宇', '宇', 'yu'], ['浩', '浩', 'hao'], ['子', '子', 'zi'], ['俊', '俊', 'jun'], ['嘉', '嘉', 'jia'],
  ['欣', '欣', 'xin'], ['怡', '怡', 'yi'], ['思', '思', 'si'], ['雨', '雨', 'yu'], ['晨', '晨', 'chen'],
  ['佳', '佳', 'jia'], ['婷', '婷', 'ting'], ['家', '家', 'jia'], ['豪', '豪', 'hao'], ['冠', '冠', 'guan'],
  ['宏', '宏', 'hong'], ['銘', '铭', 'ming'], ['雅', '雅', 'ya'], ['琪', '琪', 'qi'], ['瑋', '玮', 'wei'],
  ['凱', '凯', 'kai'], ['翔', '翔', 'xiang'], ['博', '博', 'bo'], ['然', '然', 'ran'], ['琳', '琳', 'lin'],
  ['倩', '倩', 'qian'], ['穎', '颖', 'ying'], ['曉', '晓', 'xiao'], ['東', '东', 'dong'], ['海', '海', 'hai'],
  ['波', '波', 'bo'], ['亮', '亮', 'liang'], ['春', '春', 'chun'], ['梅', '梅', 'mei'], ['蘭', '兰', 'lan'],
  ['鳳', '凤', 'feng'], ['成', '成', 'cheng'], ['龍', '龙', 'long'], ['德', '德', 'de'], ['民', '民', 'min'],
  ['永', '永', 'yong'], ['健', '健', 'jian'], ['世', '世', 'shi'], ['安', '安', 'an'], ['樂', '乐', 'le'],
  ['昊', '昊', 'hao'], ['軒', '轩', 'xuan'], ['澤', '泽', 'ze'], ['睿', '睿', 'rui'], ['萱', '萱', 'xuan'],
  ['涵', '涵', 'han'], ['詩', '诗', 'shi'], ['書', '书', 'shu'], ['賢', '贤', 'xian'], ['鑫', '鑫', 'xin'],
];

/** [traditional, simplified] city prefixes; the first group is mostly written in traditional script. */
export const CITIES_TW: ReadonlyArray<readonly [string, string]> = [
  ['台北', '台北'], ['新北', '新北'], ['台中', '台中'], ['高雄', '高雄'], ['新竹', '新竹'], ['桃園', '桃园'], ['台南', '台南'],
];
export const CITIES_CN: ReadonlyArray<readonly [string, string]> = [
  ['北京', '北京'], ['上海', '上海'], ['深圳', '深圳'], ['廣州', '广州'], ['杭州', '杭州'], ['成都', '成都'],
  ['南京', '南京'], ['蘇州', '苏州'], ['武漢', '武汉'], ['廈門', '厦门'], ['天津', '天津'], ['重慶', '重庆'],
];

export const COMPANY_CORES: ReadonlyArray<readonly [string, string, string]> = [
  ['騰達', '腾达', 'tengda'], ['華信', '华信', 'huaxin'], ['宏遠', '宏远', 'hongyuan'], ['鼎新', '鼎新', 'dingxin'],
  ['聯發', '联发', 'lianfa'], ['永豐', '永丰', 'yongfeng'], ['富邦', '富邦', 'fubang'], ['中興', '中兴', 'zhongxing'],
  ['天成', '天成', 'tiancheng'], ['金源', '金源', 'jinyuan'], ['恆通', '恒通', 'hengtong'], ['新創', '新创', 'xinchuang'],
  ['大同', '大同', 'datong'], ['瑞豐', '瑞丰', 'ruifeng'], ['東方', '东方', 'dongfang'], ['長城', '长城', 'changcheng'],
  ['海潤', '海润', 'hairun'], ['嘉禾', '嘉禾', 'jiahe'], ['遠航', '远航', 'yuanhang'], ['凱盛', '凯盛', 'kaisheng'],
  ['明德', '明德', 'mingde'], ['泰和', '泰和', 'taihe'], ['正隆', '正隆', 'zhenglong'], ['佳美', '佳美', 'jiamei'],
];
export const INDUSTRIES: ReadonlyArray<readonly [string, string]> = [
  ['科技', '科技'], ['貿易', '贸易'], ['汽車', '汽车'], ['電子', '电子'], ['建設', '建设'], ['物流', '物流'],
  ['餐飲', '餐饮'], ['醫療', '医疗'], ['文化', '文化'], ['機械', '机械'], ['食品', '食品'], ['能源', '能源'],
];
export const LEGAL_FORMS_TW = ['股份有限公司', '有限公司', '企業社'] as const;
export const LEGAL_FORMS_CN: ReadonlyArray<readonly [string, string]> = [
  ['有限公司', '有限公司'], ['集團有限公司', '集团有限公司'], ['股份有限公司', '股份有限公司'],
];

export const TITLES: ReadonlyArray<readonly [string, string]> = [
  ['總經理', '总经理'], ['經理', '经理'], ['採購主管', '采购主管'], ['工程師', '工程师'], ['老闆', '老板'],
  ['董事長', '董事长'], ['業務經理', '业务经理'], ['主任', '主任'], ['財務長', '财务总监'], ['店長', '店长'],
];

export const DISTRICTS: ReadonlyArray<readonly [string, string]> = [
  ['信義區', '信义区'], ['中山區', '中山区'], ['朝陽區', '朝阳区'], ['浦東新區', '浦东新区'], ['南山區', '南山区'],
  ['天河區', '天河区'], ['西湖區', '西湖区'], ['大安區', '大安区'], ['鼓樓區', '鼓楼区'], ['武侯區', '武侯区'],
];
export const ROADS: ReadonlyArray<readonly [string, string]> = [
  ['中山路', '中山路'], ['建國路', '建国路'], ['人民路', '人民路'], ['和平東路', '和平东路'], ['世紀大道', '世纪大道'],
  ['南京西路', '南京西路'], ['解放路', '解放路'], ['光復路', '光复路'], ['民生路', '民生路'], ['長安街', '长安街'],
];

export const EMAIL_DOMAINS_CN = ['qq.com', '163.com', '126.com', 'sina.com', 'foxmail.com', 'outlook.com'] as const;
export const EMAIL_DOMAINS_TW = ['gmail.com', 'yahoo.com.tw', 'hotmail.com', 'msa.hinet.net', 'outlook.com'] as const;

export const TAGS: ReadonlyArray<readonly [string, string]> = [
  ['車展', '车展'], ['VIP', 'VIP'], ['老客戶介紹', '老客户介绍'], ['試駕', '试驾'], ['團購', '团购'], ['展會', '展会'],
  ['換車', '换车'], ['車隊', '车队'], ['保養', '保养'], ['二手車', '二手车'],
];

export const SUMMARIES: ReadonlyArray<readonly [string, string]> = [
  ['電話問候，聊了近況', '电话问候，聊了近况'], ['介紹新車型與配備', '介绍新车型与配备'], ['邀請來店試駕', '邀请来店试驾'],
  ['寄送比較分析資料', '寄送比较分析资料'], ['拜訪公司，見到採購主管', '拜访公司，见到采购主管'],
  ['回覆報價問題', '回复报价问题'], ['展會上交換名片', '展会上交换名片'], ['節日問候', '节日问候'],
  ['討論車隊採購需求', '讨论车队采购需求'], ['說明保養方案', '说明保养方案'], ['確認交車時間', '确认交车时间'],
  ['聽取對競品的看法', '听取对竞品的看法'],
];
export const FEEDBACK: ReadonlyArray<readonly [string, string]> = [
  ['覺得價格偏高，再看看', '觉得价格偏高，再看看'], ['對油耗很滿意', '对油耗很满意'], ['在比較另外兩個品牌', '在比较另外两个品牌'],
  ['明年才會換車', '明年才会换车'], ['希望有更長的保固', '希望有更长的保修'], ['喜歡內裝設計', '喜欢内装设计'],
  ['擔心售後服務', '担心售后服务'], ['太太也要一起來看', '太太也要一起来看'],
];
export const LESSONS: ReadonlyArray<readonly [string, string]> = [
  ['先聽客戶說，再介紹產品', '先听客户说，再介绍产品'], ['不要急著報價', '不要急着报价'], ['準備競品資料再去', '准备竞品资料再去'],
];
export const DROPPED_REASONS = ['已購買其他品牌', '聯絡不到', '公司已結束營業', '不再有需求', '已购买其他品牌', '联系不上'] as const;
