-- 0002_reference: reference data for declarations (regions, title series, units, committees, periods …).
--
-- Sources: /work/shared/reference/domain.zh.md (section numbers below refer to it).
-- Regions (§1.2, §1.3) are the statistics bureau's GB/T 2260 data for Jiangsu. Title names §2.2 rows
-- 1–13 follow the MOHRSS 2021 table; rows from 15 on are general knowledge that §2.2 asks to verify.
-- Work units, departments, declaration points, accepting departments, committees and phone numbers
-- are SYNTHETIC demo data: every committee is marked 示例 in its note column, and every row whose
-- name or org carries 示例 is synthetic. Credit codes are computed with the GB 32100 check digit
-- (and a valid GB 11714 organisation-code check character), never guessed; city HR phone numbers
-- use the public "area code + 12333" hotline convention.

create table regions (
	code text primary key,
	name text not null,
	-- 0 省, 1 设区市 or 省本级, 2 县级, 功能区 or 市本级
	level smallint not null check (level between 0 and 2),
	parent_code text references regions (code),
	kind text not null check (
		kind in ('province', 'city', 'district', 'county_city', 'county', 'zone', 'benji')
	),
	sort int not null default 0
);
create index regions_parent_idx on regions (parent_code, sort);

-- §1.2 (95 county-level units), §1.3 (functional zones, statistics codes x71/x72) and the 本级 leaves
-- (§1.5): the cascade picks 省 → 设区市 or 省本级 → 市本级 / 区县 / 功能区.
insert into regions (code, name, level, parent_code, kind, sort) values
	('320000', '江苏省', 0, null, 'province', 0),
	('320000-BJ', '省本级', 1, '320000', 'benji', 0),
	('320100', '南京市', 1, '320000', 'city', 1),
	('320200', '无锡市', 1, '320000', 'city', 2),
	('320300', '徐州市', 1, '320000', 'city', 3),
	('320400', '常州市', 1, '320000', 'city', 4),
	('320500', '苏州市', 1, '320000', 'city', 5),
	('320600', '南通市', 1, '320000', 'city', 6),
	('320700', '连云港市', 1, '320000', 'city', 7),
	('320800', '淮安市', 1, '320000', 'city', 8),
	('320900', '盐城市', 1, '320000', 'city', 9),
	('321000', '扬州市', 1, '320000', 'city', 10),
	('321100', '镇江市', 1, '320000', 'city', 11),
	('321200', '泰州市', 1, '320000', 'city', 12),
	('321300', '宿迁市', 1, '320000', 'city', 13),
	-- 南京市
	('320100-BJ', '南京市本级', 2, '320100', 'benji', 0),
	('320102', '玄武区', 2, '320100', 'district', 1),
	('320104', '秦淮区', 2, '320100', 'district', 2),
	('320105', '建邺区', 2, '320100', 'district', 3),
	('320106', '鼓楼区', 2, '320100', 'district', 4),
	('320111', '浦口区', 2, '320100', 'district', 5),
	('320113', '栖霞区', 2, '320100', 'district', 6),
	('320114', '雨花台区', 2, '320100', 'district', 7),
	('320115', '江宁区', 2, '320100', 'district', 8),
	('320116', '六合区', 2, '320100', 'district', 9),
	('320117', '溧水区', 2, '320100', 'district', 10),
	('320118', '高淳区', 2, '320100', 'district', 11),
	-- 无锡市
	('320200-BJ', '无锡市本级', 2, '320200', 'benji', 0),
	('320205', '锡山区', 2, '320200', 'district', 1),
	('320206', '惠山区', 2, '320200', 'district', 2),
	('320211', '滨湖区', 2, '320200', 'district', 3),
	('320213', '梁溪区', 2, '320200', 'district', 4),
	('320214', '新吴区', 2, '320200', 'district', 5),
	('320281', '江阴市', 2, '320200', 'county_city', 6),
	('320282', '宜兴市', 2, '320200', 'county_city', 7),
	-- 徐州市
	('320300-BJ', '徐州市本级', 2, '320300', 'benji', 0),
	('320302', '鼓楼区', 2, '320300', 'district', 1),
	('320303', '云龙区', 2, '320300', 'district', 2),
	('320305', '贾汪区', 2, '320300', 'district', 3),
	('320311', '泉山区', 2, '320300', 'district', 4),
	('320312', '铜山区', 2, '320300', 'district', 5),
	('320321', '丰县', 2, '320300', 'county', 6),
	('320322', '沛县', 2, '320300', 'county', 7),
	('320324', '睢宁县', 2, '320300', 'county', 8),
	('320381', '新沂市', 2, '320300', 'county_city', 9),
	('320382', '邳州市', 2, '320300', 'county_city', 10),
	('320371', '徐州经济技术开发区', 2, '320300', 'zone', 11),
	-- 常州市
	('320400-BJ', '常州市本级', 2, '320400', 'benji', 0),
	('320402', '天宁区', 2, '320400', 'district', 1),
	('320404', '钟楼区', 2, '320400', 'district', 2),
	('320411', '新北区', 2, '320400', 'district', 3),
	('320412', '武进区', 2, '320400', 'district', 4),
	('320413', '金坛区', 2, '320400', 'district', 5),
	('320481', '溧阳市', 2, '320400', 'county_city', 6),
	-- 苏州市
	('320500-BJ', '苏州市本级', 2, '320500', 'benji', 0),
	('320505', '虎丘区', 2, '320500', 'district', 1),
	('320506', '吴中区', 2, '320500', 'district', 2),
	('320507', '相城区', 2, '320500', 'district', 3),
	('320508', '姑苏区', 2, '320500', 'district', 4),
	('320509', '吴江区', 2, '320500', 'district', 5),
	('320581', '常熟市', 2, '320500', 'county_city', 6),
	('320582', '张家港市', 2, '320500', 'county_city', 7),
	('320583', '昆山市', 2, '320500', 'county_city', 8),
	('320585', '太仓市', 2, '320500', 'county_city', 9),
	('320571', '苏州工业园区', 2, '320500', 'zone', 10),
	-- 南通市
	('320600-BJ', '南通市本级', 2, '320600', 'benji', 0),
	('320612', '通州区', 2, '320600', 'district', 1),
	('320613', '崇川区', 2, '320600', 'district', 2),
	('320614', '海门区', 2, '320600', 'district', 3),
	('320623', '如东县', 2, '320600', 'county', 4),
	('320681', '启东市', 2, '320600', 'county_city', 5),
	('320682', '如皋市', 2, '320600', 'county_city', 6),
	('320685', '海安市', 2, '320600', 'county_city', 7),
	('320671', '南通经济技术开发区', 2, '320600', 'zone', 8),
	-- 连云港市
	('320700-BJ', '连云港市本级', 2, '320700', 'benji', 0),
	('320703', '连云区', 2, '320700', 'district', 1),
	('320706', '海州区', 2, '320700', 'district', 2),
	('320707', '赣榆区', 2, '320700', 'district', 3),
	('320722', '东海县', 2, '320700', 'county', 4),
	('320723', '灌云县', 2, '320700', 'county', 5),
	('320724', '灌南县', 2, '320700', 'county', 6),
	('320771', '连云港经济技术开发区', 2, '320700', 'zone', 7),
	('320772', '连云港高新技术产业开发区', 2, '320700', 'zone', 8),
	-- 淮安市
	('320800-BJ', '淮安市本级', 2, '320800', 'benji', 0),
	('320803', '淮安区', 2, '320800', 'district', 1),
	('320804', '淮阴区', 2, '320800', 'district', 2),
	('320812', '清江浦区', 2, '320800', 'district', 3),
	('320813', '洪泽区', 2, '320800', 'district', 4),
	('320826', '涟水县', 2, '320800', 'county', 5),
	('320830', '盱眙县', 2, '320800', 'county', 6),
	('320831', '金湖县', 2, '320800', 'county', 7),
	('320871', '淮安经济技术开发区', 2, '320800', 'zone', 8),
	-- 盐城市
	('320900-BJ', '盐城市本级', 2, '320900', 'benji', 0),
	('320902', '亭湖区', 2, '320900', 'district', 1),
	('320903', '盐都区', 2, '320900', 'district', 2),
	('320904', '大丰区', 2, '320900', 'district', 3),
	('320921', '响水县', 2, '320900', 'county', 4),
	('320922', '滨海县', 2, '320900', 'county', 5),
	('320923', '阜宁县', 2, '320900', 'county', 6),
	('320924', '射阳县', 2, '320900', 'county', 7),
	('320925', '建湖县', 2, '320900', 'county', 8),
	('320981', '东台市', 2, '320900', 'county_city', 9),
	('320971', '盐城经济技术开发区', 2, '320900', 'zone', 10),
	-- 扬州市
	('321000-BJ', '扬州市本级', 2, '321000', 'benji', 0),
	('321002', '广陵区', 2, '321000', 'district', 1),
	('321003', '邗江区', 2, '321000', 'district', 2),
	('321012', '江都区', 2, '321000', 'district', 3),
	('321023', '宝应县', 2, '321000', 'county', 4),
	('321081', '仪征市', 2, '321000', 'county_city', 5),
	('321084', '高邮市', 2, '321000', 'county_city', 6),
	('321071', '扬州经济技术开发区', 2, '321000', 'zone', 7),
	-- 镇江市
	('321100-BJ', '镇江市本级', 2, '321100', 'benji', 0),
	('321102', '京口区', 2, '321100', 'district', 1),
	('321111', '润州区', 2, '321100', 'district', 2),
	('321112', '丹徒区', 2, '321100', 'district', 3),
	('321181', '丹阳市', 2, '321100', 'county_city', 4),
	('321182', '扬中市', 2, '321100', 'county_city', 5),
	('321183', '句容市', 2, '321100', 'county_city', 6),
	('321171', '镇江新区', 2, '321100', 'zone', 7),
	-- 泰州市
	('321200-BJ', '泰州市本级', 2, '321200', 'benji', 0),
	('321202', '海陵区', 2, '321200', 'district', 1),
	('321203', '高港区', 2, '321200', 'district', 2),
	('321204', '姜堰区', 2, '321200', 'district', 3),
	('321281', '兴化市', 2, '321200', 'county_city', 4),
	('321282', '靖江市', 2, '321200', 'county_city', 5),
	('321283', '泰兴市', 2, '321200', 'county_city', 6),
	('321271', '泰州医药高新技术产业开发区', 2, '321200', 'zone', 7),
	-- 宿迁市
	('321300-BJ', '宿迁市本级', 2, '321300', 'benji', 0),
	('321302', '宿城区', 2, '321300', 'district', 1),
	('321311', '宿豫区', 2, '321300', 'district', 2),
	('321322', '沭阳县', 2, '321300', 'county', 3),
	('321323', '泗阳县', 2, '321300', 'county', 4),
	('321324', '泗洪县', 2, '321300', 'county', 5),
	('321371', '宿迁经济技术开发区', 2, '321300', 'zone', 6);

create table title_levels (
	code text primary key check (code in ('A', 'B', 'C', 'D', 'E')),
	name text not null unique,
	tier text not null check (tier in ('高级', '中级', '初级')),
	rank smallint not null unique check (rank between 1 and 5)
);

insert into title_levels (code, name, tier, rank) values
	('A', '正高级', '高级', 1),
	('B', '副高级', '高级', 2),
	('C', '中级', '中级', 3),
	('D', '助理级', '初级', 4),
	('E', '员级', '初级', 5);

create table title_series (
	id text primary key,
	name text not null unique,
	sort int not null default 0
);

-- sort = row of the §2.2 table ×10 (+ sub-row), so 4a..4d and 6a..6c stay together.
insert into title_series (id, name, sort) values
	('higher-education', '高等学校教师', 10),
	('social-science-research', '哲学社会科学研究人员', 20),
	('natural-science-research', '自然科学研究人员', 30),
	('health-medicine', '卫生技术人员（医）', 41),
	('health-pharmacy', '卫生技术人员（药）', 42),
	('health-nursing', '卫生技术人员（护）', 43),
	('health-technology', '卫生技术人员（技）', 44),
	('engineering', '工程技术人员', 50),
	('agriculture-agronomy', '农业技术人员（农艺）', 61),
	('agriculture-animal-husbandry', '农业技术人员（畜牧）', 62),
	('agriculture-veterinary', '农业技术人员（兽医）', 63),
	('journalism-reporter', '新闻专业人员（记者）', 71),
	('journalism-editor', '新闻专业人员（编辑）', 72),
	('publishing', '出版专业人员', 80),
	('library', '图书资料专业人员', 90),
	('cultural-relics', '文物博物专业人员', 100),
	('archives', '档案专业人员', 110),
	('arts-crafts', '工艺美术专业人员', 120),
	('technical-school-theory', '技工院校教师（理论课）', 131),
	('technical-school-practice', '技工院校教师（实习指导）', 132),
	('translation', '翻译专业人员', 150),
	('accounting', '会计人员', 170),
	('statistics', '统计专业人员', 180),
	('economics', '经济专业人员', 190),
	('auditing', '审计专业人员', 200),
	('laboratory', '实验技术人才', 210),
	('vocational-school-teacher', '中等职业学校教师', 220),
	('primary-secondary-teacher', '中小学教师（含幼儿园）', 230),
	('mass-culture', '群众文化专业人员', 300);

create table title_names (
	series_id text not null references title_series (id),
	level_code text not null references title_levels (code),
	name text not null,
	primary key (series_id, level_code)
);

-- Only the cells that exist: a – in §2.2 has no row (会计/经济/统计 员级 were abolished).
insert into title_names (series_id, level_code, name) values
	('higher-education', 'A', '教授'),
	('higher-education', 'B', '副教授'),
	('higher-education', 'C', '讲师'),
	('higher-education', 'D', '助教'),
	('social-science-research', 'A', '研究员'),
	('social-science-research', 'B', '副研究员'),
	('social-science-research', 'C', '助理研究员'),
	('social-science-research', 'D', '研究实习员'),
	('natural-science-research', 'A', '研究员'),
	('natural-science-research', 'B', '副研究员'),
	('natural-science-research', 'C', '助理研究员'),
	('natural-science-research', 'D', '研究实习员'),
	('health-medicine', 'A', '主任医师'),
	('health-medicine', 'B', '副主任医师'),
	('health-medicine', 'C', '主治(主管)医师'),
	('health-medicine', 'D', '医师'),
	('health-medicine', 'E', '医士'),
	('health-pharmacy', 'A', '主任药师'),
	('health-pharmacy', 'B', '副主任药师'),
	('health-pharmacy', 'C', '主管药师'),
	('health-pharmacy', 'D', '药师'),
	('health-pharmacy', 'E', '药士'),
	('health-nursing', 'A', '主任护师'),
	('health-nursing', 'B', '副主任护师'),
	('health-nursing', 'C', '主管护师'),
	('health-nursing', 'D', '护师'),
	('health-nursing', 'E', '护士'),
	('health-technology', 'A', '主任技师'),
	('health-technology', 'B', '副主任技师'),
	('health-technology', 'C', '主管技师'),
	('health-technology', 'D', '技师'),
	('health-technology', 'E', '技士'),
	('engineering', 'A', '正高级工程师'),
	('engineering', 'B', '高级工程师'),
	('engineering', 'C', '工程师'),
	('engineering', 'D', '助理工程师'),
	('engineering', 'E', '技术员'),
	('agriculture-agronomy', 'A', '正高级农艺师'),
	('agriculture-agronomy', 'B', '高级农艺师'),
	('agriculture-agronomy', 'C', '农艺师'),
	('agriculture-agronomy', 'D', '助理农艺师'),
	('agriculture-agronomy', 'E', '农业技术员'),
	('agriculture-animal-husbandry', 'A', '正高级畜牧师'),
	('agriculture-animal-husbandry', 'B', '高级畜牧师'),
	('agriculture-animal-husbandry', 'C', '畜牧师'),
	('agriculture-animal-husbandry', 'D', '助理畜牧师'),
	('agriculture-veterinary', 'A', '正高级兽医师'),
	('agriculture-veterinary', 'B', '高级兽医师'),
	('agriculture-veterinary', 'C', '兽医师'),
	('agriculture-veterinary', 'D', '助理兽医师'),
	('journalism-reporter', 'A', '高级记者'),
	('journalism-reporter', 'B', '主任记者'),
	('journalism-reporter', 'C', '记者'),
	('journalism-reporter', 'D', '助理记者'),
	('journalism-editor', 'A', '高级编辑'),
	('journalism-editor', 'B', '主任编辑'),
	('journalism-editor', 'C', '编辑'),
	('journalism-editor', 'D', '助理编辑'),
	('publishing', 'A', '编审'),
	('publishing', 'B', '副编审'),
	('publishing', 'C', '编辑'),
	('publishing', 'D', '助理编辑'),
	('library', 'A', '研究馆员'),
	('library', 'B', '副研究馆员'),
	('library', 'C', '馆员'),
	('library', 'D', '助理馆员'),
	('library', 'E', '管理员'),
	('cultural-relics', 'A', '研究馆员'),
	('cultural-relics', 'B', '副研究馆员'),
	('cultural-relics', 'C', '馆员'),
	('cultural-relics', 'D', '助理馆员'),
	('archives', 'A', '研究馆员'),
	('archives', 'B', '副研究馆员'),
	('archives', 'C', '馆员'),
	('archives', 'D', '助理馆员'),
	('archives', 'E', '管理员'),
	('arts-crafts', 'A', '正高级工艺美术师'),
	('arts-crafts', 'B', '高级工艺美术师'),
	('arts-crafts', 'C', '工艺美术师'),
	('arts-crafts', 'D', '助理工艺美术师'),
	('arts-crafts', 'E', '工艺美术员'),
	('technical-school-theory', 'A', '正高级讲师'),
	('technical-school-theory', 'B', '高级讲师'),
	('technical-school-theory', 'C', '讲师'),
	('technical-school-theory', 'D', '助理讲师'),
	('technical-school-practice', 'A', '正高级实习指导教师'),
	('technical-school-practice', 'B', '高级实习指导教师'),
	('technical-school-practice', 'C', '一级实习指导教师'),
	('technical-school-practice', 'D', '二级实习指导教师'),
	('technical-school-practice', 'E', '三级实习指导教师'),
	('translation', 'A', '译审'),
	('translation', 'B', '一级翻译'),
	('translation', 'C', '二级翻译'),
	('translation', 'D', '三级翻译'),
	('accounting', 'A', '正高级会计师'),
	('accounting', 'B', '高级会计师'),
	('accounting', 'C', '会计师'),
	('accounting', 'D', '助理会计师'),
	('statistics', 'A', '正高级统计师'),
	('statistics', 'B', '高级统计师'),
	('statistics', 'C', '统计师'),
	('statistics', 'D', '助理统计师'),
	('economics', 'A', '正高级经济师'),
	('economics', 'B', '高级经济师'),
	('economics', 'C', '经济师'),
	('economics', 'D', '助理经济师'),
	('auditing', 'A', '正高级审计师'),
	('auditing', 'B', '高级审计师'),
	('auditing', 'C', '审计师'),
	('auditing', 'D', '助理审计师'),
	('laboratory', 'A', '正高级实验师'),
	('laboratory', 'B', '高级实验师'),
	('laboratory', 'C', '实验师'),
	('laboratory', 'D', '助理实验师'),
	('laboratory', 'E', '实验员'),
	('vocational-school-teacher', 'A', '正高级讲师'),
	('vocational-school-teacher', 'B', '高级讲师'),
	('vocational-school-teacher', 'C', '讲师'),
	('vocational-school-teacher', 'D', '助理讲师'),
	('primary-secondary-teacher', 'A', '正高级教师'),
	('primary-secondary-teacher', 'B', '高级教师'),
	('primary-secondary-teacher', 'C', '一级教师'),
	('primary-secondary-teacher', 'D', '二级教师'),
	('primary-secondary-teacher', 'E', '三级教师'),
	('mass-culture', 'A', '研究馆员'),
	('mass-culture', 'B', '副研究馆员'),
	('mass-culture', 'C', '馆员'),
	('mass-culture', 'D', '助理馆员'),
	('mass-culture', 'E', '管理员');

create table specialties (
	series_id text not null references title_series (id),
	name text not null,
	sort int not null default 0,
	primary key (series_id, name)
);

-- Engineering: the Jiangsu 专业 list of §2.5; other series: common 专业 of that series.
insert into specialties (series_id, name, sort) values
	('engineering', '建设工程', 1),
	('engineering', '交通运输工程', 2),
	('engineering', '水利工程', 3),
	('engineering', '机械工程', 4),
	('engineering', '电子信息', 5),
	('engineering', '电气工程', 6),
	('engineering', '化工', 7),
	('engineering', '环境保护', 8),
	('engineering', '纺织服装', 9),
	('engineering', '轻工', 10),
	('engineering', '冶金', 11),
	('engineering', '医药工程', 12),
	('engineering', '安全工程', 13),
	('engineering', '质量技术监督', 14),
	('engineering', '测绘地理信息', 15),
	('engineering', '广播电视工程', 16),
	('engineering', '集成电路', 17),
	('engineering', '人工智能', 18),
	('engineering', '数字经济', 19),
	('higher-education', '哲学', 1),
	('higher-education', '经济学', 2),
	('higher-education', '工学', 3),
	('higher-education', '理学', 4),
	('higher-education', '医学', 5),
	('higher-education', '文学', 6),
	('social-science-research', '经济学', 1),
	('social-science-research', '法学', 2),
	('social-science-research', '社会学', 3),
	('social-science-research', '历史学', 4),
	('natural-science-research', '数学', 1),
	('natural-science-research', '物理学', 2),
	('natural-science-research', '化学', 3),
	('natural-science-research', '生物学', 4),
	('natural-science-research', '地球科学', 5),
	('health-medicine', '内科', 1),
	('health-medicine', '外科', 2),
	('health-medicine', '妇产科', 3),
	('health-medicine', '儿科', 4),
	('health-medicine', '全科医学', 5),
	('health-medicine', '中医', 6),
	('health-pharmacy', '药学', 1),
	('health-pharmacy', '临床药学', 2),
	('health-pharmacy', '中药学', 3),
	('health-nursing', '护理学', 1),
	('health-nursing', '内科护理', 2),
	('health-nursing', '外科护理', 3),
	('health-nursing', '社区护理', 4),
	('health-technology', '临床医学检验技术', 1),
	('health-technology', '放射医学技术', 2),
	('health-technology', '病理学技术', 3),
	('health-technology', '康复医学治疗技术', 4),
	('agriculture-agronomy', '作物栽培', 1),
	('agriculture-agronomy', '植物保护', 2),
	('agriculture-agronomy', '土壤肥料', 3),
	('agriculture-agronomy', '园艺', 4),
	('agriculture-animal-husbandry', '畜禽养殖', 1),
	('agriculture-animal-husbandry', '饲料', 2),
	('agriculture-animal-husbandry', '草业', 3),
	('agriculture-veterinary', '兽医临床', 1),
	('agriculture-veterinary', '动物防疫', 2),
	('agriculture-veterinary', '兽药', 3),
	('journalism-reporter', '文字记者', 1),
	('journalism-reporter', '摄影记者', 2),
	('journalism-reporter', '广播电视记者', 3),
	('journalism-editor', '报纸编辑', 1),
	('journalism-editor', '广播电视编辑', 2),
	('journalism-editor', '网络新闻编辑', 3),
	('publishing', '图书编辑', 1),
	('publishing', '期刊编辑', 2),
	('publishing', '数字出版', 3),
	('publishing', '校对', 4),
	('library', '图书馆学', 1),
	('library', '情报学', 2),
	('library', '文献资料', 3),
	('cultural-relics', '文物保护', 1),
	('cultural-relics', '考古', 2),
	('cultural-relics', '博物馆陈列', 3),
	('archives', '档案管理', 1),
	('archives', '档案保护技术', 2),
	('archives', '电子档案', 3),
	('arts-crafts', '工艺美术设计', 1),
	('arts-crafts', '刺绣', 2),
	('arts-crafts', '紫砂陶艺', 3),
	('arts-crafts', '玉雕', 4),
	('technical-school-theory', '机械类', 1),
	('technical-school-theory', '电工电子类', 2),
	('technical-school-theory', '信息类', 3),
	('technical-school-theory', '公共课', 4),
	('technical-school-practice', '机械类', 1),
	('technical-school-practice', '电工电子类', 2),
	('technical-school-practice', '信息类', 3),
	('translation', '英语', 1),
	('translation', '日语', 2),
	('translation', '俄语', 3),
	('translation', '德语', 4),
	('accounting', '会计', 1),
	('statistics', '统计', 1),
	('statistics', '统计调查', 2),
	('statistics', '统计分析', 3),
	('economics', '工商管理', 1),
	('economics', '人力资源管理', 2),
	('economics', '金融', 3),
	('economics', '知识产权', 4),
	('economics', '财政税收', 5),
	('economics', '建筑与房地产经济', 6),
	('auditing', '审计', 1),
	('auditing', '内部审计', 2),
	('auditing', '工程审计', 3),
	('laboratory', '理工类实验', 1),
	('laboratory', '医学类实验', 2),
	('laboratory', '农学类实验', 3),
	('vocational-school-teacher', '文化课', 1),
	('vocational-school-teacher', '专业课', 2),
	('vocational-school-teacher', '实习指导', 3),
	('primary-secondary-teacher', '语文', 1),
	('primary-secondary-teacher', '数学', 2),
	('primary-secondary-teacher', '英语', 3),
	('primary-secondary-teacher', '物理', 4),
	('primary-secondary-teacher', '化学', 5),
	('primary-secondary-teacher', '学前教育', 6),
	('mass-culture', '群众文艺', 1),
	('mass-culture', '非物质文化遗产保护', 2),
	('mass-culture', '文化活动组织', 3);

create table unit_natures (
	code text primary key,
	name text not null unique,
	-- Comma-separated credit-code prefixes (first two characters) expected for this nature; a
	-- mismatch is only a soft warning (§6.1). Null: no credit code.
	credit_prefix text,
	sort int not null default 0
);

insert into unit_natures (code, name, credit_prefix, sort) values
	('10', '机关', '11', 1),
	('20', '事业单位', '12', 2),
	('21', '参照公务员法管理事业单位', '12', 3),
	('30', '国有企业（含国有控股）', '91', 4),
	('31', '民营企业', '91', 5),
	('32', '外资／港澳台资企业', '91', 6),
	('40', '社会团体', '51,13', 7),
	('50', '民办非企业单位（社会服务机构）', '52', 8),
	('51', '基金会', '53', 9),
	('60', '律师事务所', '31', 10),
	('61', '其他司法类机构', '32,33,34,35,39', 11),
	('70', '个体工商户', '92', 12),
	('71', '农民专业合作社', '93', 13),
	('80', '自由职业者／灵活就业', null, 14),
	('90', '其他', null, 15);

create table departments (
	id text primary key,
	name text not null,
	region_code text references regions (code)
);
create index departments_region_idx on departments (region_code);

-- 行政主管部门. 'dept-none' (无) is for units without one (most non-public units, §6.1).
insert into departments (id, name, region_code) values
	('dept-none', '无', null),
	('dept-js-kjt', '江苏省科学技术厅', '320000-BJ'),
	('dept-js-jyt', '江苏省教育厅', '320000-BJ'),
	('dept-js-czt', '江苏省财政厅', '320000-BJ'),
	('dept-js-sft', '江苏省司法厅', '320000-BJ'),
	('dept-nj-gxj', '南京市工业和信息化局', '320100-BJ'),
	('dept-nj-jyj', '南京市教育局', '320100-BJ'),
	('dept-nj-wjw', '南京市卫生健康委员会', '320100-BJ'),
	('dept-nj-jw', '南京市城乡建设委员会', '320100-BJ'),
	('dept-nj-czj', '南京市财政局', '320100-BJ'),
	('dept-nj-qh-jyj', '南京市秦淮区教育局', '320104'),
	('dept-nj-jn-wjw', '南京市江宁区卫生健康委员会', '320115'),
	('dept-wx-gxj', '无锡市工业和信息化局', '320200-BJ'),
	('dept-wx-mzj', '无锡市民政局', '320200-BJ'),
	('dept-xz-zjj', '徐州市住房和城乡建设局', '320300-BJ'),
	('dept-cz-wj-jyj', '常州市武进区教育局', '320412'),
	('dept-sz-gxj', '苏州市工业和信息化局', '320500-BJ'),
	('dept-sz-zjj', '苏州市住房和城乡建设局', '320500-BJ'),
	('dept-sz-ks-gxj', '昆山市工业和信息化局', '320583'),
	('dept-nt-zjj', '南通市住房和城乡建设局', '320600-BJ'),
	('dept-yz-gxj', '扬州市工业和信息化局', '321000-BJ');

create table work_units (
	id text primary key,
	name text not null,
	credit_code text unique check (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$'),
	nature_code text not null references unit_natures (code),
	region_code text not null references regions (code),
	department_id text references departments (id)
);
create index work_units_lower_name_idx on work_units (lower(name));
create index work_units_region_idx on work_units (region_code);

-- Demo units (synthetic names). Check digits computed per GB 32100 §6.2; the first seven codes
-- are the verified examples of §6.2.
insert into work_units (id, name, credit_code, nature_code, region_code, department_id) values
	('wu-nj-001', '南京智造科技有限公司', '91320106MA1W8K3Q87', '31', '320106', 'dept-nj-gxj'),
	('wu-sz-001', '昆山精工机械有限公司', '91320583MA1MB7HD2C', '31', '320583', 'dept-sz-ks-gxj'),
	('wu-sq-001', '宿迁市宿城区明辉电器维修部', '92321302MA1TX5RQ3N', '70', '321302', 'dept-none'),
	('wu-js-001', '江苏省工程技术研究中心（示例）', '123200004660012320', '20', '320000-BJ', 'dept-js-kjt'),
	('wu-nj-008', '南京市城乡建设委员会机关', '11320100014000001B', '10', '320100-BJ', 'dept-nj-jw'),
	('wu-sz-003', '苏州市机械工程学会', '513205005000012372', '40', '320500-BJ', 'dept-sz-gxj'),
	('wu-wx-002', '无锡市滨湖区启航职业技能培训中心', '52320200MJ12345614', '50', '320211', 'dept-wx-mzj'),
	('wu-nj-002', '南京江宁智能装备有限公司', '91320115MA1XK2P7X6', '31', '320115', 'dept-nj-gxj'),
	('wu-nj-003', '南京城建工程集团有限公司', '913201001349027124', '30', '320100-BJ', 'dept-nj-jw'),
	('wu-nj-004', '南京市秦淮区明德实验小学', '12320104466108734N', '20', '320104', 'dept-nj-qh-jyj'),
	('wu-nj-005', '南京市江宁区第二人民医院', '12320115466924184Y', '20', '320115', 'dept-nj-jn-wjw'),
	('wu-nj-006', '南京华信会计师事务所有限公司', '91320105MA1NQ6E31A', '31', '320105', 'dept-nj-czj'),
	('wu-nj-007', '江苏金陵律师事务所', '31320000MD0123454F', '60', '320102', 'dept-js-sft'),
	('wu-sz-002', '苏州园区微电子有限公司', '91320500MA1R3HJ58R', '32', '320571', 'dept-sz-gxj'),
	('wu-wx-001', '无锡芯源集成电路有限公司', '91320214MA1YB8W64T', '31', '320214', 'dept-wx-gxj'),
	('wu-xz-001', '徐州市建筑设计研究院', '123203004678510287', '20', '320300-BJ', 'dept-xz-zjj'),
	('wu-cz-001', '常州市武进区湖塘实验中学', '12320412466309579D', '20', '320412', 'dept-cz-wj-jyj'),
	('wu-nt-001', '南通海港建设工程有限公司', '91320612MA1P4LC822', '31', '320612', 'dept-nt-zjj'),
	('wu-yz-001', '扬州邗江新材料科技有限公司', '91321003MA1Q7D2B9M', '31', '321003', 'dept-yz-gxj'),
	('wu-js-002', '江苏省数字经济研究院（示例）', '1232000046600218XA', '20', '320000-BJ', 'dept-js-kjt');

-- 申报点: one per 设区市 plus 省本级; phones are the city's 12333 hotline.
create table declaration_points (
	id text primary key,
	name text not null,
	region_code text not null references regions (code),
	phone text
);
create index declaration_points_region_idx on declaration_points (region_code);

insert into declaration_points (id, name, region_code, phone) values
	('dp-js', '江苏省人力资源和社会保障厅（省本级）', '320000-BJ', '025-12333'),
	('dp-nj', '南京市人力资源和社会保障局职称申报点', '320100-BJ', '025-12333'),
	('dp-wx', '无锡市人力资源和社会保障局职称申报点', '320200-BJ', '0510-12333'),
	('dp-xz', '徐州市人力资源和社会保障局职称申报点', '320300-BJ', '0516-12333'),
	('dp-cz', '常州市人力资源和社会保障局职称申报点', '320400-BJ', '0519-12333'),
	('dp-sz', '苏州市人力资源和社会保障局职称申报点', '320500-BJ', '0512-12333'),
	('dp-nt', '南通市人力资源和社会保障局职称申报点', '320600-BJ', '0513-12333'),
	('dp-lyg', '连云港市人力资源和社会保障局职称申报点', '320700-BJ', '0518-12333'),
	('dp-ha', '淮安市人力资源和社会保障局职称申报点', '320800-BJ', '0517-12333'),
	('dp-yc', '盐城市人力资源和社会保障局职称申报点', '320900-BJ', '0515-12333'),
	('dp-yz', '扬州市人力资源和社会保障局职称申报点', '321000-BJ', '0514-12333'),
	('dp-zj', '镇江市人力资源和社会保障局职称申报点', '321100-BJ', '0511-12333'),
	('dp-tz', '泰州市人力资源和社会保障局职称申报点', '321200-BJ', '0523-12333'),
	('dp-sq', '宿迁市人力资源和社会保障局职称申报点', '321300-BJ', '0527-12333');

-- 报送受理部门 for 职称初定. series_id null: accepts every series of its region.
create table accepting_departments (
	id text primary key,
	name text not null,
	region_code text not null references regions (code),
	series_id text references title_series (id),
	phone text
);
create index accepting_departments_region_idx on accepting_departments (region_code);

insert into accepting_departments (id, name, region_code, series_id, phone) values
	('ad-js', '江苏省人力资源和社会保障厅', '320000-BJ', null, '025-12333'),
	('ad-nj', '南京市人力资源和社会保障局', '320100-BJ', null, '025-12333'),
	('ad-wx', '无锡市人力资源和社会保障局', '320200-BJ', null, '0510-12333'),
	('ad-xz', '徐州市人力资源和社会保障局', '320300-BJ', null, '0516-12333'),
	('ad-cz', '常州市人力资源和社会保障局', '320400-BJ', null, '0519-12333'),
	('ad-sz', '苏州市人力资源和社会保障局', '320500-BJ', null, '0512-12333'),
	('ad-nt', '南通市人力资源和社会保障局', '320600-BJ', null, '0513-12333'),
	('ad-lyg', '连云港市人力资源和社会保障局', '320700-BJ', null, '0518-12333'),
	('ad-ha', '淮安市人力资源和社会保障局', '320800-BJ', null, '0517-12333'),
	('ad-yc', '盐城市人力资源和社会保障局', '320900-BJ', null, '0515-12333'),
	('ad-yz', '扬州市人力资源和社会保障局', '321000-BJ', null, '0514-12333'),
	('ad-zj', '镇江市人力资源和社会保障局', '321100-BJ', null, '0511-12333'),
	('ad-tz', '泰州市人力资源和社会保障局', '321200-BJ', null, '0523-12333'),
	('ad-sq', '宿迁市人力资源和社会保障局', '321300-BJ', null, '0527-12333'),
	('ad-sz-sip', '苏州工业园区劳动和社会保障局', '320571', null, '0512-12333'),
	('ad-nj-edu', '南京市教育局（中小学教师职称初定）', '320100-BJ', 'primary-secondary-teacher', '025-12333'),
	('ad-nj-health', '南京市卫生健康委员会（卫生技术人员职称初定）', '320100-BJ', 'health-medicine', '025-12333'),
	('ad-sz-edu', '苏州市教育局（中小学教师职称初定）', '320500-BJ', 'primary-secondary-teacher', '0512-12333');

-- Review committees. The official names were not found (§9 item 6): all are 示例.
create table committees (
	id text primary key,
	name text not null,
	region_code text not null references regions (code),
	series_id text not null references title_series (id),
	level_codes text[] not null,
	specialties text[] not null,
	phone text,
	note text
);
create index committees_region_series_idx on committees (region_code, series_id);

insert into committees (id, name, region_code, series_id, level_codes, specialties, phone, note) values
	('cmt-js-eng-b', '江苏省工程技术高级资格评审委员会', '320000', 'engineering', '{A,B}',
		'{建设工程,交通运输工程,水利工程,机械工程,电子信息,电气工程,化工,环境保护,纺织服装,轻工,冶金,医药工程,安全工程,质量技术监督,测绘地理信息,广播电视工程,集成电路,人工智能,数字经济}',
		'025-12333', '示例：名称为合成，非官方评委会名称'),
	('cmt-nj-eng-c', '南京市工程技术中级资格评审委员会', '320100', 'engineering', '{C,D}',
		'{电子信息,机械工程,建设工程,电气工程,交通运输工程,环境保护,集成电路,人工智能}',
		'025-12333', '示例：名称为合成，非官方评委会名称'),
	('cmt-sz-eng-c', '苏州市工程技术中级资格评审委员会', '320500', 'engineering', '{C,D}',
		'{机械工程,电子信息,纺织服装,化工,建设工程,集成电路}',
		'0512-12333', '示例：名称为合成，非官方评委会名称'),
	('cmt-wx-eng-c', '无锡市工程技术中级资格评审委员会', '320200', 'engineering', '{C,D}',
		'{集成电路,电子信息,机械工程,冶金}',
		'0510-12333', '示例：名称为合成，非官方评委会名称'),
	('cmt-js-acc-b', '江苏省会计专业高级资格评审委员会', '320000', 'accounting', '{A,B}',
		'{会计}', '025-12333', '示例：名称为合成，非官方评委会名称'),
	('cmt-nj-acc-c', '南京市会计专业中级资格评审委员会', '320100', 'accounting', '{C,D}',
		'{会计}', '025-12333', '示例：名称为合成，非官方评委会名称；本年度申报期已结束'),
	('cmt-js-econ-b', '江苏省经济专业高级资格评审委员会', '320000', 'economics', '{A,B}',
		'{工商管理,人力资源管理,金融,知识产权,财政税收,建筑与房地产经济}',
		'025-12333', '示例：名称为合成，非官方评委会名称'),
	('cmt-js-tch-b', '江苏省中小学教师高级职称评审委员会', '320000', 'primary-secondary-teacher',
		'{A,B}', '{语文,数学,英语,物理,化学,学前教育}',
		'025-12333', '示例：名称为合成，非官方评委会名称'),
	('cmt-nj-tch-c', '南京市中小学教师中级职称评审委员会', '320100', 'primary-secondary-teacher',
		'{C,D}', '{语文,数学,英语,物理,化学,学前教育}',
		'025-12333', '示例：名称为合成，非官方评委会名称'),
	('cmt-js-med-b', '江苏省卫生技术高级职称评审委员会（医疗）', '320000', 'health-medicine', '{A,B}',
		'{内科,外科,妇产科,儿科,全科医学,中医}',
		'025-12333', '示例：名称为合成，非官方评委会名称');

-- 申报期: closes submissions, not drafts. Open periods are computed from the time the migration
-- runs so a fresh database always has something open.
create table declaration_periods (
	id text primary key,
	owner_kind text not null check (owner_kind in ('committee', 'accepting_department')),
	owner_id text not null,
	year int not null,
	starts_at timestamptz not null,
	ends_at timestamptz not null,
	check (ends_at > starts_at)
);
create index declaration_periods_owner_idx on declaration_periods (owner_kind, owner_id, ends_at);

insert into declaration_periods (id, owner_kind, owner_id, year, starts_at, ends_at)
select
	'per-' || owner_id || '-' || suffix,
	owner_kind,
	owner_id,
	-- the year a period runs in now, or the year it ended
	extract(year from least(now(), now() + end_offset))::int,
	now() + start_offset,
	now() + end_offset
from (values
	('committee', 'cmt-js-eng-b', 'open', interval '-30 days', interval '365 days'),
	('committee', 'cmt-nj-eng-c', 'open', interval '-30 days', interval '365 days'),
	('committee', 'cmt-sz-eng-c', 'open', interval '-30 days', interval '365 days'),
	('committee', 'cmt-wx-eng-c', 'open', interval '-30 days', interval '365 days'),
	('committee', 'cmt-js-acc-b', 'open', interval '-30 days', interval '365 days'),
	('committee', 'cmt-js-econ-b', 'open', interval '-30 days', interval '365 days'),
	('committee', 'cmt-js-tch-b', 'open', interval '-30 days', interval '365 days'),
	('committee', 'cmt-nj-tch-c', 'open', interval '-30 days', interval '365 days'),
	('committee', 'cmt-js-med-b', 'open', interval '-30 days', interval '365 days'),
	-- closed: the only period of cmt-nj-acc-c, and last round of the Nanjing engineering committee
	('committee', 'cmt-nj-acc-c', 'closed', interval '-120 days', interval '-30 days'),
	('committee', 'cmt-nj-eng-c', 'prev', interval '-400 days', interval '-60 days'),
	('accepting_department', 'ad-js', 'open', interval '-30 days', interval '365 days'),
	('accepting_department', 'ad-nj', 'open', interval '-30 days', interval '365 days'),
	('accepting_department', 'ad-wx', 'open', interval '-30 days', interval '365 days'),
	('accepting_department', 'ad-xz', 'open', interval '-30 days', interval '365 days'),
	('accepting_department', 'ad-cz', 'open', interval '-30 days', interval '365 days'),
	('accepting_department', 'ad-sz', 'open', interval '-30 days', interval '365 days'),
	('accepting_department', 'ad-nt', 'open', interval '-30 days', interval '365 days'),
	('accepting_department', 'ad-lyg', 'open', interval '-30 days', interval '365 days'),
	('accepting_department', 'ad-yc', 'open', interval '-30 days', interval '365 days'),
	('accepting_department', 'ad-yz', 'open', interval '-30 days', interval '365 days'),
	('accepting_department', 'ad-zj', 'open', interval '-30 days', interval '365 days'),
	('accepting_department', 'ad-tz', 'open', interval '-30 days', interval '365 days'),
	('accepting_department', 'ad-sq', 'open', interval '-30 days', interval '365 days'),
	('accepting_department', 'ad-sz-sip', 'open', interval '-30 days', interval '365 days'),
	('accepting_department', 'ad-nj-edu', 'open', interval '-30 days', interval '365 days'),
	('accepting_department', 'ad-nj-health', 'open', interval '-30 days', interval '365 days'),
	('accepting_department', 'ad-sz-edu', 'open', interval '-30 days', interval '365 days'),
	-- 淮安 accepts in one short window a year (§3.4): closed now
	('accepting_department', 'ad-ha', 'closed', interval '-200 days', interval '-170 days')
) as p (owner_kind, owner_id, suffix, start_offset, end_offset);

-- 咨询电话 on the 申报须知 page: 业务/政策 → the city's 12333; 技术支持 numbers are 示例.
create table consultation_phones (
	id serial primary key,
	region_code text not null references regions (code),
	topic text not null check (topic in ('业务咨询', '政策咨询', '技术支持')),
	org text not null,
	phone text not null
);
create index consultation_phones_region_idx on consultation_phones (region_code);

insert into consultation_phones (region_code, topic, org, phone)
select region_code, topic, org, phone
from (values
	('320000-BJ', '业务咨询', '江苏省人力资源和社会保障厅', '025-12333'),
	('320000-BJ', '政策咨询', '江苏省人力资源和社会保障厅', '025-12333'),
	('320000-BJ', '技术支持', '江苏人社网上办事服务大厅运维（示例）', '025-83270000'),
	('320100-BJ', '业务咨询', '南京市人力资源和社会保障局', '025-12333'),
	('320100-BJ', '政策咨询', '南京市人力资源和社会保障局', '025-12333'),
	('320100-BJ', '技术支持', '南京市职称申报系统运维（示例）', '025-83270001'),
	('320200-BJ', '业务咨询', '无锡市人力资源和社会保障局', '0510-12333'),
	('320300-BJ', '业务咨询', '徐州市人力资源和社会保障局', '0516-12333'),
	('320400-BJ', '业务咨询', '常州市人力资源和社会保障局', '0519-12333'),
	('320500-BJ', '业务咨询', '苏州市人力资源和社会保障局', '0512-12333'),
	('320500-BJ', '政策咨询', '苏州市人力资源和社会保障局', '0512-12333'),
	('320500-BJ', '技术支持', '苏州市职称申报系统运维（示例）', '0512-68270002'),
	('320600-BJ', '业务咨询', '南通市人力资源和社会保障局', '0513-12333'),
	('320700-BJ', '业务咨询', '连云港市人力资源和社会保障局', '0518-12333'),
	('320800-BJ', '业务咨询', '淮安市人力资源和社会保障局', '0517-12333'),
	('320900-BJ', '业务咨询', '盐城市人力资源和社会保障局', '0515-12333'),
	('321000-BJ', '业务咨询', '扬州市人力资源和社会保障局', '0514-12333'),
	('321100-BJ', '业务咨询', '镇江市人力资源和社会保障局', '0511-12333'),
	('321200-BJ', '业务咨询', '泰州市人力资源和社会保障局', '0523-12333'),
	('321300-BJ', '业务咨询', '宿迁市人力资源和社会保障局', '0527-12333')
) as c (region_code, topic, org, phone);

-- What 自动获取 finds for an applicant (stands in for the 学信网 lookup). Certificate numbers follow
-- the national formats: 学历 18 digits = school(5) + type(1) + year(4) + level(2: 02 硕士, 05 本科)
-- + serial(6); 学位 16 digits = school(5) + level(1: 3 硕士, 4 学士) + year(4) + serial(6).
create table education_registry (
	id serial primary key,
	id_number text not null,
	school text not null,
	major text not null,
	education text not null,
	degree text,
	graduated_on date not null,
	edu_cert_no text,
	degree_cert_no text,
	study_mode text not null check (study_mode in ('全日制', '非全日制'))
);
create index education_registry_id_number_idx on education_registry (id_number);

insert into education_registry
	(id_number, school, major, education, degree, graduated_on, edu_cert_no, degree_cert_no, study_mode)
values
	('320102199003070025', '东南大学', '计算机科学与技术', '本科', '学士', '2012-06-30',
		'102861201205003071', '1028642012003071', '全日制'),
	('320506198808151239', '苏州大学', '机械工程及自动化', '本科', '学士', '2010-06-30',
		'102851201005002154', '1028542010002154', '全日制'),
	('320506198808151239', '苏州大学', '机械工程', '硕士研究生', '硕士', '2013-06-30',
		'102851201302000418', '1028532013000418', '全日制'),
	('321283199501010046', '扬州大学', '土木工程', '本科', '学士', '2017-06-30',
		'111171201705004522', '1111742017004522', '全日制'),
	('320707198705210010', '南京理工大学', '会计学', '本科', '学士', '2009-06-30',
		'102881200905001873', '1028842009001873', '全日制');

-- 初定 rules (§3.2 province defaults, §3.3 city variants; all configurable, not verified against
-- 苏职称〔2020〕42号). Rows of a city for an education replace the province rows for that
-- education; graduated_until / valid_until bound the transitional city rules.
create table initial_rules (
	id serial primary key,
	city_code text references regions (code),
	education text not null,
	min_years numeric(4, 1) not null check (min_years >= 0),
	target_level text not null references title_levels (code),
	graduated_until date,
	valid_until date,
	note text
);
create index initial_rules_city_idx on initial_rules (city_code, education);

insert into initial_rules (city_code, education, min_years, target_level, graduated_until, valid_until, note) values
	(null, '中专', 1, 'E', null, null, '中专（中等职业学校）毕业，从事本专业技术工作满 1 年'),
	(null, '大专', 1, 'E', null, null, '大专毕业，从事本专业技术工作满 1 年'),
	(null, '大专', 3, 'D', null, null, '大专毕业满 3 年（部分地方：取得员级后满 2 年）'),
	(null, '本科', 1, 'D', null, null, '本科毕业（学士），见习期满 1 年且考核合格'),
	(null, '第二学士学位', 1, 'D', null, null, '第二学士学位或研究生班毕业，满 1 年'),
	(null, '硕士研究生', 0, 'D', null, null, '硕士学位，见习期满即可'),
	(null, '硕士研究生', 3, 'C', null, null, '硕士学位满 3 年；多数城市已逐步取消，见各市规则'),
	(null, '博士研究生', 0, 'C', null, null, '博士学位，毕业后考核合格'),
	('320100', '硕士研究生', 0, 'D', null, null, '南京：硕士先初定助理级'),
	('320100', '硕士研究生', 3, 'C', '2021-12-31', null, '南京：2021 年及以前毕业，满 3 年可初定中级'),
	('320200', '硕士研究生', 0, 'D', null, null, '无锡：硕士先初定助理级'),
	('320200', '硕士研究生', 3, 'C', '2021-12-31', null, '无锡：2021 年及以前毕业，满 3 年可初定中级'),
	('320500', '硕士研究生', 0, 'D', null, null, '苏州：硕士先初定助理级'),
	('320500', '硕士研究生', 3, 'C', '2019-12-31', '2022-11-30', '苏州：2019 年及以前毕业，满 3 年可初定中级（过渡政策 2022-11-30 截止）'),
	('320600', '硕士研究生', 0, 'D', null, null, '南通：硕士先初定助理级'),
	('320600', '硕士研究生', 3, 'C', '2019-12-31', null, '南通：2019 年及以前毕业，满 3 年可初定中级'),
	('321000', '硕士研究生', 0, 'D', null, null, '扬州：硕士先初定助理级，满 2 年后评审中级'),
	('321000', '硕士研究生', 3, 'C', '2021-12-31', null, '扬州：2021-12-31 前毕业仍可初定中级'),
	('320900', '硕士研究生', 0, 'D', null, null, '盐城：硕士先初定助理级'),
	('320900', '硕士研究生', 3, 'C', null, null, '盐城：硕士满 3 年可初定中级（无截止年份）'),
	('320300', '硕士研究生', 0, 'D', null, null, '徐州：硕士只能初定助理级'),
	('320800', '硕士研究生', 0, 'D', null, null, '淮安：硕士只能初定助理级，中级须评审'),
	('321300', '硕士研究生', 0, 'D', null, null, '宿迁：硕士只能初定助理级，中级须评审');
