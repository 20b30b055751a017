"""Each theme of the shipped codebook on sentences written for the test: some must fire, some must not."""

import pytest

from helpers.resources.codebook import load_codebook, parse_codebook

# Sentences that carry a theme on their own (one sentence reaches the document threshold).
FIRES = {
    "world_order": [
        "Both leaders called for a multipolar world in which no single power writes the rules.",
        "The summit discussed reform of global governance and a louder voice for the Global South.",
        "Министры выступили за многополярный мир.",
        "双方主张推动世界多极化。",
        "El canciller defendió un nuevo orden mundial más justo.",
        "Analysts asked whether American primacy would outlast the decade.",
        "El ministro criticó el orden basado en reglas que defiende su rival.",
        "有人试图维护旧的国际体系，挑起新冷战。",
    ],
    "china_russia_alignment": [
        "The Sino-Russian partnership has deepened over the past decade.",
        "Xi and Putin signed a joint statement on their comprehensive strategic partnership of coordination.",
        "中俄关系处于历史最好时期。",
        "Стороны обсудили российско-китайское сотрудничество.",
    ],
    "trade_economy": [
        "Bilateral trade rose by a fifth as oil exports grew.",
        "The two firms agreed on payments in national currencies for natural gas.",
        "今年前十个月双边贸易额增长。",
        "Товарооборот между странами вырос.",
        "The central bank left interest rates unchanged for a third month.",
        "La recesión llevó al banco central a bajar los tipos de interés.",
        "Economic relations between the two neighbours have never been closer.",
        "The minister wants trade ties with the bloc to grow.",
        "Инфляция ускорилась, и Центробанк повысил ставку.",
        "央行表示，通胀压力有所缓解。",
        "La inflación y la deuda pesan sobre la moneda.",
    ],
    "sanctions": [
        "Washington imposed new sanctions on three banks.",
        "The ministry tightened export controls on chips.",
        "美方对多家企业实施单边制裁。",
        "La UE aprobó nuevas sanciones contra el país.",
        "Exporters complained about new export curbs on rare metals.",
        "Правительство осудило протекционизм и односторонние ограничения.",
        "双方反对保护主义，反对打贸易战。",
    ],
    "ukraine_war": [
        "Shelling continued around Donetsk and Kherson overnight.",
        "Diplomats met to discuss a settlement of the war in Ukraine.",
        "各方应推动乌克兰危机政治解决。",
    ],
    "middle_east": [
        "Talks on a ceasefire in Gaza resumed in Cairo.",
        "中东局势持续紧张。",
        "Эксперты обсудили ситуацию на Ближнем Востоке.",
        "Shelling was reported near the Golan Heights.",
        "Переговоры прошли в Тегеране.",
        "以军对黎巴嫩南部发动空袭。",
        "La violencia se extendió de Gaza a Cisjordania.",
        "El conflicto en Medio Oriente preocupa a los analistas.",
    ],
    "international_law": [
        "The International Criminal Court issued an arrest warrant for the commander.",
        "Every state must respect the UN Charter and the principle of non-interference.",
        "各国应遵守联合国宪章宗旨和原则。",
    ],
    "belt_and_road": [
        "The port was built under the Belt and Road Initiative.",
        "双方同意推进共建一带一路。",
        "El tren forma parte de la Nueva Ruta de la Seda.",
    ],
    "security_military": [
        "The two navies held joint exercises in the western Pacific.",
        "The talks covered nuclear weapons and strategic stability.",
        "两军举行联合演习。",
        "Министр обороны провел встречу с коллегой.",
        "Parliament voted to raise defence spending next year.",
        "Warplanes crossed into the neighbour's airspace twice on Monday.",
        "The Wagner Group sent fighters to the region.",
    ],
}

# Sentences with a word of the theme in another sense or in passing: below even a short text's threshold.
DOES_NOT_FIRE = {
    "world_order": ["The club announced the order of play for the final.", "The West Coast ferry left late.",
                    "The singer took the world stage at the festival."],
    "china_russia_alignment": ["A Chinese novel and a Russian play shared the prize.", "The axis of the chart is wrong."],
    "trade_economy": ["The trade union called a strike at the depot.", "Police fired tear gas at the crowd.",
                      "The shipments of books arrived late.", "Компания открыла новый офис.",
                      "La empresa presentó su nuevo logotipo."],
    "sanctions": ["The FA will sanction the club for crowd trouble.", "The jobseeker faced a benefit sanction."],
    "ukraine_war": ["The Ukrainian-born pianist gave a recital in Vienna.", "Ukraine finished third at Eurovision."],
    "middle_east": ["The Gulf Stream warms the coast of Norway.", "A Saudi investor bought a racehorse.",
                    "Bahrain hosted the opening race of the season.", "The striker Golan scored twice."],
    "international_law": ["The cricket tribunal heard the bowler's appeal.",
                          "The landlord settled the dispute through arbitration."],
    "belt_and_road": ["The infrastructure bill passed the Senate.", "The darknet Silk Road site was shut down."],
    "security_military": ["The antivirus firm patched a security flaw.", "The goalkeeper's defence held firm.",
                          "Food security is a concern in the region.",
                          "Wagner's operas were staged in Bayreuth."],
}


@pytest.fixture(scope="module")
def codebook():
    return load_codebook()


def test_every_theme_has_sentences_that_fire_and_sentences_that_do_not(codebook):
    assert set(FIRES) == set(codebook.themes) == set(DOES_NOT_FIRE)


@pytest.mark.parametrize("theme,sentence", [(t, s) for t, ss in FIRES.items() for s in ss])
def test_sentence_fires_its_theme(codebook, theme, sentence):
    score, terms = codebook.themes[theme].score(sentence)
    assert score >= codebook.threshold, (score, terms)


@pytest.mark.parametrize("theme,sentence", [(t, s) for t, ss in DOES_NOT_FIRE.items() for s in ss])
def test_sentence_does_not_fire_its_theme(codebook, theme, sentence):
    score, terms = codebook.themes[theme].score(sentence)
    assert score < codebook.short_threshold, (score, terms)


def test_chinese_terms_match_inside_running_text_and_latin_ones_on_word_boundaries():
    theme = parse_codebook("themes:\n  s:\n    terms: [{term: 制裁, weight: 3}, {term: sanctions, weight: 3}]\n").themes["s"]
    assert theme.score("美方宣布对三家公司实施制裁措施")[0] == 3
    assert theme.score("The anti-sanctions law passed.")[0] == 0
    assert theme.score("Sanctionsbuster is a word made up here.")[0] == 0


def test_a_sentence_scores_each_distinct_term_once(codebook):
    theme = codebook.themes["sanctions"]
    once, _ = theme.score("New sanctions were announced.")
    assert theme.score("New sanctions, and more sanctions, and sanctions again.")[0] == once
