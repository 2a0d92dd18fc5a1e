"""Month and weekday names for the date lines of embedded posts.

One entry per language: twelve strings, January first, each holding the spellings of that month
separated by ``|`` (nominative, genitive or other case forms, common abbreviations). Matching is
case-insensitive and also tolerates missing accents (see ``dates._key``), so only one spelling
per case form is needed. Sources: CLDR "long" formats of the Twitter/X widget languages
(specs/embed_formats.md §2) plus abbreviations seen in Instagram/Bluesky date lines.

The order of the languages matters: when several languages share a spelling (``juli``), the
earlier one is reported as the best guess unless the surrounding format says otherwise.
"""

from __future__ import annotations

# fmt: off
MONTHS: dict[str, tuple[str, ...]] = {
    "en": (
        "January|Jan", "February|Feb", "March|Mar", "April|Apr", "May", "June|Jun",
        "July|Jul", "August|Aug", "September|Sep|Sept", "October|Oct", "November|Nov",
        "December|Dec",
    ),
    "de": (
        "Januar|Jänner|Jan|Jän", "Februar|Feber|Feb", "März|Maerz|Mär|Mrz", "April|Apr", "Mai",
        "Juni|Jun", "Juli|Jul", "August|Aug", "September|Sep|Sept", "Oktober|Okt",
        "November|Nov", "Dezember|Dez",
    ),
    "fr": (
        "janvier|janv", "février|févr|fév", "mars", "avril|avr", "mai", "juin",
        "juillet|juil", "août", "septembre|sept", "octobre|oct", "novembre|nov",
        "décembre|déc",
    ),
    "es": (
        "enero|ene", "febrero|feb", "marzo|mar", "abril|abr", "mayo|may", "junio|jun",
        "julio|jul", "agosto|ago", "septiembre|setiembre|sep|sept", "octubre|oct",
        "noviembre|nov", "diciembre|dic",
    ),
    "pt": (
        "janeiro|jan", "fevereiro|fev", "março|mar", "abril|abr", "maio|mai", "junho|jun",
        "julho|jul", "agosto|ago", "setembro|set", "outubro|out", "novembro|nov",
        "dezembro|dez",
    ),
    "ca": (
        "gener|gen", "febrer|febr", "març", "abril", "maig", "juny", "juliol", "agost|ag",
        "setembre|set", "octubre|oct", "novembre|nov", "desembre|des",
    ),
    "it": (
        "gennaio|gen", "febbraio|feb", "marzo|mar", "aprile|apr", "maggio|mag",
        "giugno|giu", "luglio|lug", "agosto|ago", "settembre|set", "ottobre|ott",
        "novembre|nov", "dicembre|dic",
    ),
    "nl": (
        "januari|jan", "februari|feb", "maart|mrt", "april|apr", "mei", "juni|jun",
        "juli|jul", "augustus|aug", "september|sep|sept", "oktober|okt", "november|nov",
        "december|dec",
    ),
    "pl": (
        "styczeń|stycznia", "luty|lutego", "marzec|marca", "kwiecień|kwietnia", "maj|maja",
        "czerwiec|czerwca", "lipiec|lipca", "sierpień|sierpnia", "wrzesień|września",
        "październik|października", "listopad|listopada", "grudzień|grudnia",
    ),
    "ru": (
        "январь|января|янв", "февраль|февраля|февр|фев", "март|марта|мар",
        "апрель|апреля|апр", "май|мая", "июнь|июня|июн", "июль|июля|июл",
        "август|августа|авг", "сентябрь|сентября|сент|сен", "октябрь|октября|окт",
        "ноябрь|ноября|нояб|ноя", "декабрь|декабря|дек",
    ),
    "uk": (
        "січень|січня", "лютий|лютого", "березень|березня", "квітень|квітня",
        "травень|травня", "червень|червня", "липень|липня", "серпень|серпня",
        "вересень|вересня", "жовтень|жовтня", "листопад|листопада", "грудень|грудня",
    ),
    "bg": (  # Bluesky dates in a Bulgarian embedder's locale ("1 юли 2025 г., 10:00 ч.")
        "януари|яну", "февруари|фев", "март|мар", "април|апр", "май", "юни", "юли",
        "август|авг", "септември|сеп", "октомври|окт", "ноември|ное", "декември|дек",
    ),
    "tr": (
        "Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül",
        "Ekim", "Kasım", "Aralık",
    ),
    "id": (
        "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
        "September", "Oktober", "November", "Desember",
    ),
    "ms": (
        "Januari", "Februari", "Mac", "April", "Mei", "Jun", "Julai", "Ogos", "September",
        "Oktober", "November", "Disember",
    ),
    "fil": (
        "Enero", "Pebrero", "Marso", "Abril", "Mayo", "Hunyo", "Hulyo", "Agosto",
        "Setyembre", "Oktubre", "Nobyembre", "Disyembre",
    ),
    "cs": (
        "leden|ledna", "únor|února", "březen|března", "duben|dubna", "květen|května",
        "červen|června", "červenec|července", "srpen|srpna", "září", "říjen|října",
        "listopad|listopadu", "prosinec|prosince",
    ),
    "da": (
        "januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
        "oktober", "november", "december",
    ),
    "no": (
        "januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
        "oktober", "november", "desember",
    ),
    "sv": (
        "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
        "september", "oktober", "november", "december",
    ),
    "fi": (
        "tammikuuta|tammikuu", "helmikuuta|helmikuu", "maaliskuuta|maaliskuu",
        "huhtikuuta|huhtikuu", "toukokuuta|toukokuu", "kesäkuuta|kesäkuu",
        "heinäkuuta|heinäkuu", "elokuuta|elokuu", "syyskuuta|syyskuu", "lokakuuta|lokakuu",
        "marraskuuta|marraskuu", "joulukuuta|joulukuu",
    ),
    "hu": (
        "január", "február", "március", "április", "május", "június", "július",
        "augusztus", "szeptember", "október", "november", "december",
    ),
    "ro": (
        "ianuarie", "februarie", "martie", "aprilie", "mai", "iunie", "iulie", "august",
        "septembrie", "octombrie", "noiembrie", "decembrie",
    ),
    "el": (
        "Ιανουαρίου|Ιανουάριος", "Φεβρουαρίου|Φεβρουάριος", "Μαρτίου|Μάρτιος",
        "Απριλίου|Απρίλιος", "Μαΐου|Μάιος", "Ιουνίου|Ιούνιος", "Ιουλίου|Ιούλιος",
        "Αυγούστου|Αύγουστος", "Σεπτεμβρίου|Σεπτέμβριος", "Οκτωβρίου|Οκτώβριος",
        "Νοεμβρίου|Νοέμβριος", "Δεκεμβρίου|Δεκέμβριος",
    ),
    # Egyptian/Gulf names first, then the Levantine ones (two of them are two words).
    "ar": (
        "يناير|كانون الثاني", "فبراير|شباط", "مارس|آذار", "أبريل|ابريل|إبريل|نيسان",
        "مايو|أيار", "يونيو|يونيه|حزيران", "يوليو|يوليه|تموز", "أغسطس|اغسطس|آب",
        "سبتمبر|أيلول", "أكتوبر|اكتوبر|تشرين الأول|تشرين الاول", "نوفمبر|تشرين الثاني",
        "ديسمبر|كانون الأول|كانون الاول",
    ),
    "fa": (
        "ژانویه", "فوریه", "مارس", "آوریل", "مه|می", "ژوئن", "ژوئیه|جولای", "اوت|آگوست",
        "سپتامبر", "اکتبر", "نوامبر", "دسامبر",
    ),
    # Hebrew dates use the month with the prefix ב ("in"), CLDR "d בMMMM y".
    "he": (
        "בינואר|ינואר", "בפברואר|פברואר", "במרץ|מרץ|במרס|מרס", "באפריל|אפריל", "במאי|מאי",
        "ביוני|יוני", "ביולי|יולי", "באוגוסט|אוגוסט", "בספטמבר|ספטמבר",
        "באוקטובר|אוקטובר", "בנובמבר|נובמבר", "בדצמבר|דצמבר",
    ),
    "hi": (
        "जनवरी", "फ़रवरी|फरवरी", "मार्च", "अप्रैल", "मई", "जून", "जुलाई", "अगस्त",
        "सितंबर|सितम्बर", "अक्तूबर|अक्टूबर", "नवंबर|नवम्बर", "दिसंबर|दिसम्बर",
    ),
    "bn": (
        "জানুয়ারী|জানুয়ারি", "ফেব্রুয়ারী|ফেব্রুয়ারি", "মার্চ", "এপ্রিল", "মে", "জুন",
        "জুলাই", "আগস্ট", "সেপ্টেম্বর", "অক্টোবর", "নভেম্বর", "ডিসেম্বর",
    ),
    "ur": (
        "جنوری", "فروری", "مارچ", "اپریل", "مئی", "جون", "جولائی", "اگست", "ستمبر",
        "اکتوبر", "نومبر", "دسمبر",
    ),
    "th": (
        "มกราคม|ม.ค.", "กุมภาพันธ์|ก.พ.", "มีนาคม|มี.ค.", "เมษายน|เม.ย.", "พฤษภาคม|พ.ค.",
        "มิถุนายน|มิ.ย.", "กรกฎาคม|ก.ค.", "สิงหาคม|ส.ค.", "กันยายน|ก.ย.", "ตุลาคม|ต.ค.",
        "พฤศจิกายน|พ.ย.", "ธันวาคม|ธ.ค.",
    ),
}

# Full weekday names of the Facebook SDK locales seen in real embeds ("Monday, …", "Jueves, …",
# "… Pazartesi"); only used to skip an optional weekday before or after a date.
WEEKDAYS: dict[str, str] = {
    "en": "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday",
    "es": "lunes|martes|miércoles|jueves|viernes|sábado|domingo",
    "pt": "segunda-feira|terça-feira|quarta-feira|quinta-feira|sexta-feira|sábado|domingo",
    "fr": "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche",
    "de": "Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonnabend|Sonntag",
    "it": "lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica",
    "nl": "maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag",
    "tr": "Pazartesi|Salı|Çarşamba|Perşembe|Cuma|Cumartesi|Pazar",
    "id": "Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu",
    "pl": "poniedziałek|wtorek|środa|czwartek|piątek|sobota|niedziela",
    "ru": "понедельник|вторник|среда|четверг|пятница|суббота|воскресенье",
}
# fmt: on
