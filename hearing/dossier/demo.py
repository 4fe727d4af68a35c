"""Realistic demo inputs for the PDF builders, per locale (demo seeding, tests, benchmark).

The texts are invented. They deliberately mix scripts the way real answers do: Latin names and
dates inside Arabic, Persian digits, ``?`` inside Ethiopic, and ``<``, ``&``, ``>``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from hearing.dossier.data import (
    AnswerRecord,
    AnswerStatus,
    Correction,
    CorrectionKind,
    Deadline,
    DossierData,
    HandOff,
    InvitationData,
    ReceiptData,
    RuleVerdict,
    Screening,
    Stage,
    Translation,
)
from hearing.receipts import DEADLINE_DECISION, DEADLINE_LAWYER, DEADLINE_TRANSLATION  # noqa: E402


@dataclass(frozen=True)
class _Texts:
    name_original: str
    questions: tuple[str, str, str, str, str]  # name, date of birth, reasons, journey, closing
    extra_questions: tuple[str, str]  # partner (answered "I don't know"), detention ("in person")
    name_answer: str
    dob_answer: str
    reasons: str
    journey: str
    closing: str


_T: dict[str, _Texts] = {
    "ar": _Texts(
        name_original="أحمد الخطيب",
        questions=(
            "ما هو اسمك الكامل؟",
            "ما هو تاريخ ميلادك؟",
            "لماذا غادرت بلدك؟",
            "كيف سافرت إلى هولندا؟",
            "هل هناك شيء تريد إضافته؟",
        ),
        extra_questions=("أين شريك حياتك الآن؟", "هل تعرضت لسوء المعاملة أثناء الاحتجاز؟"),
        name_answer="أحمد محمد الخطيب، وفي جواز السفر مكتوب Ahmad Al-Khatib.",
        dob_answer="ولدت في ١٥ آذار ١٩٩٠ في حلب.",
        reasons=(
            "كنت أعمل مدرسًا في مدرسة ابتدائية في حلب. في 12/03/2019 جاء رجال من الأمن إلى المدرسة "
            "وسألوا عني. أخذوني إلى فرع الأمن وبقيت هناك ثلاثة أيام. سألوني عن أخي الذي شارك في "
            "المظاهرات سنة ٢٠١١. قالوا إنني إذا لم أتعاون فلن أرى عائلتي مرة أخرى. بعد أن أطلقوا "
            "سراحي قررت أن أغادر البلد مع زوجتي وأطفالي. هل كان عندي خيار آخر؟ لا أعتقد ذلك."
        ),
        journey=(
            "سافرنا من حلب إلى تركيا بالسيارة، ثم إلى اليونان بالقارب. دفعنا 4500 دولار للمهرب "
            "(اسمه Abu Karim). وصلنا إلى هولندا في 02/11/2019 بالقطار من ألمانيا."
        ),
        closing="أريد أن أقول إن أخي ما زال في السجن <لا نعرف أين> وإن عائلتي في خطر & أنا قلق عليهم.",  # noqa: E501 (prose literal)
    ),
    "fa": _Texts(
        name_original="مریم احمدی",
        questions=(
            "نام کامل شما چیست؟",
            "تاریخ تولد شما چیست؟",
            "چرا کشور خود را ترک کردید؟",
            "چگونه به هلند سفر کردید؟",
            "آیا چیزی هست که بخواهید اضافه کنید؟",
        ),
        extra_questions=("همسر شما الان کجاست؟", "آیا در دوران بازداشت با شما بدرفتاری شد؟"),
        name_answer="مریم احمدی. در پاسپورت Maryam Ahmadi نوشته شده است.",
        dob_answer="۲۳ مهر ۱۳۶۹ (تقریباً 15/10/1990) در شیراز.",
        reasons=(
            "در سال ۱۳۹۸ به مسیحیت گرویدم و در یک کلیسای خانگی در شیراز شرکت می‌کردم. در آبان ۱۳۹۸ "
            "مأموران اطلاعات به خانهٔ یکی از دوستانم ریختند و همهٔ کتاب‌ها را بردند. من آن شب آنجا "
            "نبودم. دو روز بعد احضاریه‌ای برای من فرستادند. پدرم گفت باید فوراً بروم."
        ),
        journey=(
            "با ویزای توریستی به ترکیه رفتم و از آنجا با کمک یک قاچاقچی به یونان رسیدم. "
            "هزینه ۶۰۰۰ یورو بود. در 20/01/2020 به هلند رسیدم."
        ),
        closing="کلیسای من در هلند: Vrije Evangelische Gemeente. می‌توانم نامه از کشیش بیاورم.",
    ),
    "ps": _Texts(
        name_original="احمد ګل ځدراڼ",
        questions=(
            "ستاسو بشپړ نوم څه دی؟",
            "ستاسو د زیږیدو نیټه څه ده؟",
            "تاسو ولې خپل هېواد پرېښود؟",
            "تاسو څنګه هالنډ ته سفر وکړ؟",
            "ایا نور څه شته چې غواړئ اضافه یې کړئ؟",
        ),
        extra_questions=(
            "ستاسو ژوند ملګری اوس چېرته دی؟",
            "ایا د توقیف پر مهال له تاسو سره بد چلند شوی؟",
        ),
        name_answer="احمد ګل ځدراڼ (Ahmad Gul Zadran).",
        dob_answer="زه په ۱۳۷۰ کال کې زېږېدلی یم، دقیقه نېټه نه پوهېږم.",
        reasons=(
            "زه د کندهار یم. ما له بهرنیو ځواکونو سره د ژباړن په توګه کار کاوه. طالبانو زموږ کور ته "  # noqa: E501 (prose literal)
            "لیک راولېږه او ویې ویل چې که کار پرېنږدم نو ما به ووژني. زما ورور یې ټپي کړ. "
            "ډېر ښه ژوند مې درلود خو اوس هلته بېرته نه شم تلای."
        ),
        journey="له کندهار څخه ایران، بیا ترکیې او یونان ته لاړم. هالنډ ته په 05/08/2021 ورسېدم.",
        closing="زه غواړم چې زما قضیه ژر وکتل شي. ستاسو مننه!",
    ),
    "ckb": _Texts(
        name_original="ئاراس کەریم",
        questions=(
            "ناوی تەواوت چییە؟",
            "ڕێکەوتی لەدایکبوونت چییە؟",
            "بۆچی وڵاتەکەت بەجێهێشت؟",
            "چۆن گەیشتیتە هۆڵەندا؟",
            "شتێک هەیە بتەوێت زیادی بکەیت؟",
        ),
        extra_questions=(
            "هاوسەرەکەت ئێستا لە کوێیە؟",
            "ئایا لە کاتی دەستگیرکردندا خراپ مامەڵەت لەگەڵ کرا؟",
        ),
        name_answer="ئاراس کەریم مەحمود (Aras Karim Mahmood).",
        dob_answer="١٢ی ئازاری ١٩٩٥، لە سلێمانی.",
        reasons=(
            "من خەڵکی سلێمانیم. ڕۆژنامەنووس بووم و لەسەر گەندەڵی نووسیم. دوای ئەوەی وتارێکم بڵاوکردەوە "  # noqa: E501 (prose literal)
            "هەڕەشەی کوشتنیان لێکردم. لە 03/04/2022 ئۆتۆمبێلەکەمیان سووتاند. پۆلیس هیچی نەکرد."
        ),
        journey="بە فڕۆکە چووم بۆ تورکیا، دواتر بە پێ و بە لۆری گەیشتمە هۆڵەندا لە 18/09/2022.",
        closing="دەمەوێت بڵێم کە ژنەکەم هێشتا لە سلێمانییە.",
    ),
    "ti": _Texts(
        name_original="ሃይለ ተስፋይ",
        questions=(
            "ምሉእ ስምካ እንታይ እዩ?",
            "ዕለተ ልደትካ መዓስ እዩ?",
            "ስለምንታይ ሃገርካ ገዲፍካ?",
            "ናብ ሆላንድ ብኸመይ መጺእካ?",
            "ክትውስኾ እትደሊ ነገር ኣሎ ድዩ?",
        ),
        extra_questions=("በዓል/ቲ ቤትካ ሕጂ ኣበይ ኣሎ/ላ?", "ኣብ ማእሰርቲ ግፍዒ በጺሑካ ድዩ?"),
        name_answer="ሃይለ ተስፋይ ገብረሚካኤል (Haile Tesfay Gebremichael).",
        dob_answer="1985 (ብኢትዮጵያዊ ዓቆጣጥራ 1977)። ዕለት ኣይፈልጥን።",
        reasons=(
            "ኣብ ሃገራዊ ኣገልግሎት ንዓሰርተ ዓመት ኣገልጊለ። ደሞዝ ኣይነበረን፣ ስድራይ ክሕግዝ ኣይከኣልኩን። "
            "ፍቓድ ሓቲተ ተኣሲረ? እወ፡ ንሰለስተ ወርሒ ኣብ ቤት ማእሰርቲ ነይረ። ድሕሪኡ ብ 2018 ሃዲመ።"
        ),
        journey="ብእግሪ ናብ ሱዳን፣ ድሕሪኡ ሊብያ፣ ብጃልባ ናብ ኢጣልያ። ኣብ 11/02/2019 ሆላንድ በጺሐ።",
        closing="ሓደ ሓወይ ኣብ ኤርትራ ኣሎ። ንሱ ሓደጋ ኣለዎ ድዩ? ኣይፈልጥን።",
    ),
    "am": _Texts(
        name_original="መሠረት ደስታ",
        questions=(
            "ሙሉ ስምዎ ማን ነው?",
            "የትውልድ ቀንዎ መቼ ነው?",
            "አገርዎን ለምን ለቀቁ?",
            "ወደ ኔዘርላንድስ እንዴት ተጓዙ?",
            "መጨመር የሚፈልጉት ነገር አለ?",
        ),
        extra_questions=("የትዳር አጋርዎ አሁን የት ነው?", "በእስር ላይ በደል ደርሶብዎታል?"),
        name_answer="መሠረት ደስታ አለሙ (Meseret Desta Alemu).",
        dob_answer="መስከረም 1 ቀን 1983 ዓ.ም. (11/09/1990)።",
        reasons=(
            "የተቃዋሚ ፓርቲ አባል ነበርኩ። በ2020 ፖሊስ ወደ ቤቴ መጥቶ ያዘኝ። ለሁለት ወር ታሰርኩ፣ ተደበደብኩ። "
            "ከተፈታሁ በኋላ እንደገና እንደሚያስሩኝ ነገሩኝ። ምን ማድረግ እችል ነበር?"
        ),
        journey="በአውሮፕላን ወደ ዱባይ፣ ከዚያም ወደ አምስተርዳም በ 07/07/2021 መጣሁ።",
        closing="ምንም የምጨምረው የለም። አመሰግናለሁ።",
    ),
    "ru": _Texts(
        name_original="Тимур Алиев",
        questions=(
            "Ваше полное имя?",
            "Дата вашего рождения?",
            "Почему вы покинули свою страну?",
            "Как вы добрались до Нидерландов?",
            "Хотите ли вы что-нибудь добавить?",
        ),
        extra_questions=(
            "Где сейчас ваш партнёр?",
            "Подвергались ли вы жестокому обращению во время задержания?",
        ),
        name_answer="Алиев Тимур Русланович (Aliev Timur).",
        dob_answer="14.06.1988, Грозный.",
        reasons=(
            "Меня задержали в марте 2020 года после того, как я выложил видео с протеста. "
            "Меня держали в подвале 5 дней и требовали назвать имена. Я отказался. "
            "После освобождения мне сказали: «уезжай или исчезнешь»."
        ),
        journey="Поездом до Бреста, затем через Польшу и Германию; прибыл 21/05/2020.",
        closing="Прошу учесть, что мой брат <в розыске> & семья под давлением.",
    ),
}

_QUESTIONS_NL = (
    ("identity.name", "Identiteit", "Wat is uw volledige naam?"),
    ("identity.dob", "Identiteit", "Wat is uw geboortedatum?"),
    ("reasons.account", "Asielmotieven", "Waarom heeft u uw land verlaten?"),
    ("journey.route", "Reis", "Hoe bent u naar Nederland gereisd?"),
    ("closing.add", "Afsluiting", "Wilt u nog iets toevoegen?"),
)

_EXTRA = (
    ("family.partner", "Gezin", "Waar is uw partner nu?", AnswerStatus.DONT_KNOW),
    (
        "reasons.detention",
        "Asielmotieven",
        "Bent u mishandeld tijdens een detentie?",
        AnswerStatus.IN_PERSON,
    ),
)

_NATIONALITY = {
    "ar": ("Syrië", "replace", "Ahmad Al-Khatib"),
    "fa": ("Iran", "prepare", "Maryam Ahmadi"),
    "ps": ("Afghanistan", "prepare", "Ahmad Gul Zadran"),
    "ckb": ("Irak", "prepare", "Aras Karim Mahmood"),
    "ti": ("Eritrea", "prepare", "Haile Tesfay Gebremichael"),
    "am": ("Ethiopië", "prepare", "Meseret Desta Alemu"),
    "ru": ("Rusland", "prepare", "Timur Aliev"),
}

_TRANSLATIONS_NL = (
    "{name}. In het paspoort staat {latin}.",
    "Geboortedatum zoals opgegeven: {year}",
    "Ik werkte als leraar. Op 12/03/2019 kwamen mannen van de veiligheidsdienst naar de school en "
    "vroegen naar mij. Ik ben drie dagen vastgehouden en ondervraagd over mijn broer, die in 2011 "
    "aan demonstraties deelnam. Zij zeiden dat ik mijn familie nooit meer zou zien als ik niet "
    "meewerkte. Na mijn vrijlating besloot ik het land te verlaten. Had ik een andere keuze? Ik denk het niet.",  # noqa: E501 (prose literal)
    "Via Turkije en Griekenland, met hulp van een smokkelaar (genaamd Abu Karim); kosten 4500 dollar. "  # noqa: E501 (prose literal)
    "Aankomst in Nederland per trein vanuit Duitsland.",
    "Mijn broer zit nog steeds gevangen <we weten niet waar> en mijn familie is in gevaar & ik maak me zorgen.",  # noqa: E501 (prose literal)
)

_BASE = datetime(2024, 3, 4, 9, 30, tzinfo=UTC)


def _fingerprint(locale: str) -> str:
    return hashlib.sha256(f"demo submission {locale}".encode()).hexdigest()


def _v_number(locale: str) -> str:
    return str(2_000_000_000 + sum(ord(c) for c in locale) * 7919)[:10]


def demo_locales() -> tuple[str, ...]:
    return tuple(_T)


def demo_dossier_data(locale: str) -> DossierData:
    """A complete demo dossier in ``locale`` (falls back to Arabic for other locales)."""
    t = _T.get(locale) or _T["ar"]
    loc = locale if locale in _T else "ar"
    nationality, route, latin = _NATIONALITY[loc]
    translator = (
        ("drs. F. El Amrani", "20154")
        if loc in ("ar", "ckb")
        else ("mw. S. Haddadi", "31877")
    )
    answers_orig = (t.name_answer, t.dob_answer, t.reasons, t.journey, t.closing)
    answers: list[AnswerRecord] = []
    for i, ((qid, section, q_nl), q_orig, ans) in enumerate(
        zip(_QUESTIONS_NL, t.questions, answers_orig, strict=True)
    ):
        nl = (
            _TRANSLATIONS_NL[i].format(name=latin, latin=latin, year=t.dob_answer)
            if i < 2
            else _TRANSLATIONS_NL[i]
        )
        corrections: tuple[Correction, ...] = ()
        if qid == "reasons.account":
            corrections = (
                Correction(
                    CorrectionKind.CORRECTION,
                    "Cliënt verduidelijkt: hij is niet drie maar vier dagen vastgehouden (12/03/2019 t/m 15/03/2019).",  # noqa: E501 (prose literal)
                    "mr. J. de Vries (advocaat)",
                    _BASE + timedelta(days=16, hours=3),
                ),
            )
        if qid == "journey.route":
            corrections = (
                Correction(
                    CorrectionKind.ADDITION,
                    "Aanvulling: cliënt heeft in Griekenland geen asiel aangevraagd; vingerafdrukken zijn daar "  # noqa: E501 (prose literal)
                    "wel afgenomen. Zie ook de brief van 20-03-2024 <bijlage 2>.",
                    "mr. J. de Vries (advocaat)",
                    _BASE + timedelta(days=16, hours=4),
                ),
            )
        answers.append(
            AnswerRecord(
                question_id=qid,
                question_nl=q_nl,
                question_original=q_orig,
                answer=ans,
                translation=Translation(
                    nl, translator[0], translator[1], _BASE + timedelta(days=9, hours=i)
                ),
                corrections=corrections,
                section_nl=section,
            )
        )
    for qid, section, q_nl, status in _EXTRA:
        answers.insert(
            3 if section != "Gezin" else 2,
            AnswerRecord(
                question_id=qid,
                question_nl=q_nl,
                question_original=t.extra_questions[0 if status is AnswerStatus.DONT_KNOW else 1],
                answer=None,
                status=status,
                section_nl=section,
            ),
        )
    stages = (
        Stage(
            "Geselecteerd (route " + route + ")", _BASE - timedelta(days=14), "planner A. Bakker"
        ),
        Stage("Toestemming advocaat", _BASE - timedelta(days=10), "mr. J. de Vries"),
        Stage("Ingepland", _BASE - timedelta(days=7), "planner A. Bakker"),
        Stage("Ingevuld en verzegeld", _BASE, "aanvrager, kiosk Ter Apel K-03"),
        Stage("Vertaald", _BASE + timedelta(days=9), f"Vertaalbureau Lingua ({translator[0]})"),
        Stage("Reactie advocaat", _BASE + timedelta(days=16), "mr. J. de Vries"),
        Stage("Gescreend", _BASE + timedelta(days=18), "screener P. Visser"),
        Stage("Overgedragen", _BASE + timedelta(days=18, hours=2), "screener P. Visser"),
    )
    in_person = any(a.status is AnswerStatus.IN_PERSON for a in answers)
    verdicts = (
        RuleVerdict(
            "HO-1",
            "Formulier verzegeld en alle verplichte vragen beantwoord",
            True,
            "Verzegeld op 4 maart 2024.",
        ),
        RuleVerdict(
            "HO-2", "Elk antwoord vertaald", True, "Alle antwoorden hebben een beëdigde vertaling."
        ),
        RuleVerdict(
            "HO-3", "Reactie advocaat ingediend of termijn verstreken", True, "Reactie ingediend."
        ),
        RuleVerdict("HO-4", "Geen nieuw NV- of 1F-signaal", True, "Geen signaal."),
        RuleVerdict(
            "HO-5",
            "Geen vraag gemarkeerd als \u201cliever persoonlijk\u201d op route replace",
            not (in_person and route == "replace"),
            "Vraag reasons.detention gemarkeerd; route wordt prepare."
            if in_person
            else "Geen markering.",
        ),
    )
    final_route = "prepare" if in_person else route
    return DossierData(
        v_number=_v_number(loc),
        full_name=latin,
        full_name_original=t.name_original,
        nationality=nationality,
        locale=loc,
        route=route,
        questionnaire_version="2024.1",
        stages=stages,
        fingerprint=_fingerprint(loc),
        answers=tuple(answers),
        screening=Screening(
            result="Overdragen — nader gehoor nodig"
            if final_route == "prepare"
            else "Overdragen — beslissing op formulier mogelijk",
            route=final_route,
            verdicts=verdicts,
            screened_by="screener P. Visser",
            at=_BASE + timedelta(days=18),
            ruleset_version="handoff-2024.1",
        ),
        handoff=HandOff(
            to="beslismedewerker K. Jansen",
            by="screener P. Visser",
            at=_BASE + timedelta(days=18, hours=2),
        ),
        date_of_birth=t.dob_answer,
    )


def demo_receipt_data(locale: str) -> ReceiptData:
    d = demo_dossier_data(locale)
    return ReceiptData(
        v_number=d.v_number,
        name=d.full_name_original or d.full_name,
        locale=d.locale,
        sealed_at=_BASE,
        questionnaire_version=d.questionnaire_version,
        answered=len(d.answers) - 1,
        total=len(d.answers),
        in_person=sum(1 for a in d.answers if a.status is AnswerStatus.IN_PERSON),
        fingerprint=d.fingerprint,
        deadlines=(
            Deadline(DEADLINE_TRANSLATION, (_BASE + timedelta(days=10)).date()),
            Deadline(DEADLINE_LAWYER, (_BASE + timedelta(days=24)).date()),
            Deadline(DEADLINE_DECISION, date(2024, 4, 15)),
        ),
        location="Ter Apel",
    )


def demo_invitation_data(locale: str) -> InvitationData:
    d = demo_dossier_data(locale)
    start = datetime(2024, 3, 4, 8, 30, tzinfo=UTC)
    return InvitationData(
        v_number=d.v_number,
        name=d.full_name_original or d.full_name,
        locale=d.locale,
        location_name="IND Ter Apel, locatie Schriftelijk gehoor",
        address_lines=("Ter Apelervenen 2", "9561 MC Ter Apel"),
        starts_at=start,
        ends_at=start + timedelta(hours=4),
        check_in_code="K7M4-Q2XP",
        lawyer_name="mr. J. de Vries",
        issued_at=start - timedelta(days=7),
    )


# A few Arabic catalogue entries so the demo receipt and letter show a real RTL translation
# before the gettext catalogues carry these msgids; every other string falls back to English.
_DEMO_AR = {
    "Receipt: your written answers": "إيصال: إجاباتك المكتوبة",
    "You have sealed your answers to the written hearing. Keep this receipt.": (
        "لقد ختمت إجاباتك في جلسة الاستماع المكتوبة. احتفظ بهذا الإيصال."
    ),
    "Name": "الاسم",
    "V-number": "رقم V",
    "Submitted on": "تاريخ التقديم",
    "Location": "المكان",
    "Questionnaire version": "إصدار الاستبيان",
    "Questions answered": "الأسئلة التي أجبت عنها",
    "%(answered)d of %(total)d": "%(answered)d من %(total)d",
    "Fingerprint (SHA-256)": "البصمة (SHA-256)",
    "What happens next": "ماذا يحدث بعد ذلك؟",
    "Deadlines": "المواعيد النهائية",
    "What": "ماذا",
    "Date": "التاريخ",
    "Questions? Ask your lawyer.": "هل لديك أسئلة؟ اسأل محاميك.",
    "A sworn translator translates your answers into Dutch.": "يترجم مترجم محلف إجاباتك إلى الهولندية.",  # noqa: E501 (prose literal)
    "Invitation: written hearing": "دعوة: جلسة استماع مكتوبة",
    "Dear %(name)s,": "عزيزي/عزيزتي %(name)s،",
    "Time": "الوقت",
    "%(start)s to %(end)s": "من %(start)s إلى %(end)s",
    "Your check-in code": "رمز تسجيل الدخول الخاص بك",
    "What to bring": "ماذا تحضر معك",
    "This letter": "هذه الرسالة",
    "If you cannot come, tell your lawyer at once.": "إذا لم تستطع الحضور، أخبر محاميك فورًا.",
}


def demo_gettext(locale: str) -> Callable[[str], str]:
    """A gettext-like function for demos and tests (Arabic sample, English otherwise)."""
    table = _DEMO_AR if locale == "ar" else {}
    return lambda message: table.get(message, message)
