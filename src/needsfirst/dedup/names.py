"""Name pools of eight origins for the generator of migrant-like records, with Zipf frequencies.

Real registers hold thousands of family names per origin with a long-tailed frequency
distribution, and given names that are more concentrated (hundreds per sex, a few very common,
as Mohammed is). Each pool here is:

- a **head** of real common names, most common first, each with the romanisations different
  clerks write (Mohammed / Muhammad / Mohamed; Chowdhury / Choudhury; Tesfay / Tesfaye);
- a **tail** composed from the origin's naming morphology: Arabic roots of three consonants in
  the patterns of names (Karim, Al-Hamdani, Abu Zayda), Tigrinya compounds (Gebre + Mariam,
  Habte + Selassie), Ukrainian stems with their suffixes (-enko, -chuk, -skyi), Yoruba and Igbo
  compounds (Ade + bayo, Chukwu + emeka), Nepali, Bengali, Filipino and Vietnamese syllables.
  Each composed name gets up to three other spellings from the origin's romanisation rules
  (q / k, kh / h, v / b, sh / s, ou / u...). The tail is drawn with a fixed seed per origin and
  kind, so the pools are the same in every run, whatever the generator's seed.

Names are drawn by rank with Zipf's law, P(rank r) proportional to 1 / r**s. Family names follow
s = 1: surname frequency distributions are power laws, the number of names held by n people
falling as n**-2 (Zanette and Manrubia, Physica A 295, 2001, for Berlin and Argentina;
Miyazima et al., Physica A 278, 2000, for Japan), which is a rank-frequency exponent of
1 / (2 - 1) = 1. Given names use the same law over a pool ten times smaller, which makes them
far more concentrated: the first male Arabic name (Mohammed) is about 15 % of men, the first
hundred names about 80 %.

Pool sizes: 4,000 family names and 400 given names per sex per origin; Vietnamese has 300 family
names (a small set, Nguyen most common, is real) and its given names are composed of a middle
name and a given syllable.
"""

from __future__ import annotations

import bisect
import itertools
import random
from dataclasses import dataclass, field
from typing import Final

V = tuple[str, ...]  # one name and its romanisations, the usual one first

FAMILY_NAMES: Final = 4000
GIVEN_NAMES: Final = 400
VIETNAMESE_FAMILY_NAMES: Final = 300
ZIPF_EXPONENT: Final = 1.0
MAX_SPELLINGS: Final = 4  # the usual spelling and up to three others


def _pool(text: str) -> tuple[V, ...]:
    """``"a/b/c; d/e"`` -> ``(("a", "b", "c"), ("d", "e"))``."""
    return tuple(tuple(v.strip() for v in item.split("/")) for item in text.split(";") if item)


def _parts(text: str) -> tuple[str, ...]:
    """``"a b c"`` -> ``("a", "b", "c")``; ``_`` stands for an empty part, ``+`` for a space."""
    return tuple(p.replace("_", "").replace("+", " ") for p in text.split())


Template = tuple[tuple[str, ...], ...]  # a name is one choice from each part, run together


@dataclass(frozen=True, slots=True)
class Morphology:
    """How an origin composes names: templates of parts, and its romanisation rules."""

    male: tuple[Template, ...]
    female: tuple[Template, ...]
    family: tuple[Template, ...]
    spellings: tuple[tuple[str, str], ...]  # (written one way, written another way)


# Arabic: a root of three consonants in the patterns of names (Karim, Hamdan, Al-Hamdani).
_AR_C = _parts("B T J H Kh D R Z S Sh F Q K L M N W Y")
_AR_c = tuple(c.lower() for c in _AR_C)
_NP_ON = _parts("Bh Dh Gh Kh Th Ch Sh P K S R L M N B D G T J Y H")
_NP_on = tuple(c.lower() for c in _NP_ON)
_BN_ON = _parts("Sh Kh R M N H J K S T B D F L Z A")
_BN_on = tuple(c.lower() for c in _BN_ON if c != "A")
_TI_FIRST = _parts(
    "Gebre Tesfa Habte Wolde Kidane Tekle Berhe Ghebre Zere Hagos Mehari Fitsum Kibrom Abraha "
    "Desta Negash Weldu Asmerom Tsegai Amanuel Yohannes Mussie Yemane Haile Ande Okba Fsaha "
    "Ghirmai Kahsai Sium"
)
_TI_SECOND = _parts(
    "mariam michael yesus selassie giorgis hiwet medhin kidan tsion egziabher amlak haimanot ab "
    "ezgi mikael gabriel lul tinsae berhan mesgel amanuel iyesus slasie hans"
)
_TI_ON = _parts("Ts Gh Kh H B D F G K L M N R S T W Y Z A E")
_TI_on = tuple(c.lower() for c in _TI_ON if c not in {"A", "E"})
_PH_ON = _parts("B C D G L M N P R S T V Y Ng")
_PH_on = tuple(c.lower() for c in _PH_ON)
_UA_ON = _parts("B V H D Zh Z K L M N P R S T F Kh Ts Ch Sh Hr Kr Pr Tr Sk St Kl Pl Hl Bl Dr")
_UA_CODA = _parts("v l n r sh ch k d t m z lyn rv s b")
_YO_FIRST = _parts(
    "Ade Olu Oluwa Ola Ayo Ogun Ife Bola Tolu Kay Fola Oyin Ibi Abi Mo Oye Akin Tun Bami Sola "
    "Dami Ajayi Ogunde Oba Ade"
)
_YO_SECOND = _parts(
    "bayo wale yemi tunde kunle femi seun dele mide tola sina dayo labi wole jide sanya lade "
    "gbenga yinka wumi ranti kola niyi tope dipo"
)
_YO_FEMALE = _parts("nike kemi yinka funke bukola toyin sade lola shola yemisi tola dunni")
_IG_FIRST = _parts(
    "Chi Chukwu Nwa Ike Obi Uche Ngo Ada Ama Onye Ifeanyi Chidi Eze Ebe Ogo Nne Uzo Kene Chine Ugo"
)
_IG_SECOND = _parts(
    "emeka nedu oma ka kwu dum ebuka nonso ezie buike anya ugo dinma kachi zie olu mma lota nna "
    "chi so ebube"
)
_HA_FIRST = _parts("Abdul Dan Bala Garba Sani Aliyu Usman Yakubu Shehu Mai Idris Lawal")
_HA_SECOND = _parts("_ +Kano juma ladi +Mallam +Bello yaro +Gombe +Sokoto +Katsina")

MORPHOLOGY: Final[dict[str, Morphology]] = {
    "arabic": Morphology(
        male=(
            (_AR_C, ("a",), _AR_c, ("i",), _AR_c),  # Karim, Nabil
            (_AR_C, ("a",), _AR_c, _AR_c, ("an",)),  # Hamdan
            (("Abdul ", "Abd al-", "Abu "), _AR_C, ("a",), _AR_c, ("i",), _AR_c),
        ),
        female=(
            (_AR_C, ("a",), _AR_c, ("i",), _AR_c, ("a",)),  # Karima, Nabila
            (_AR_C, ("a",), _AR_c, _AR_c, ("a", "iya")),
        ),
        family=(
            (("Al-", ""), _AR_C, ("a",), _AR_c, _AR_c, ("i", "awi", "ani")),  # Al-Hamdani
            (_AR_C, ("a",), _AR_c, ("a", "i", "ou"), _AR_c),  # Haddad, Mansour
            (("Abu ", "Bin ", "El "), _AR_C, ("a",), _AR_c, ("i", "a"), _AR_c),
        ),
        spellings=(
            ("ou", "u"), ("q", "k"), ("Q", "K"), ("kh", "h"), ("Kh", "H"), ("sh", "ch"),
            ("Sh", "Ch"), ("j", "g"), ("J", "G"), ("i", "ee"), ("Al-", "El "), ("Al-", "Al"),
            ("a", "e"), ("Abdul ", "Abdel "), ("w", "ou"),
        ),
    ),
    "nepali": Morphology(
        male=(
            (_NP_ON, _parts("a i u e o aa"), _NP_on, _parts("a i u e"),
             _parts("sh n j r d k l t ndra")),
            (_parts("Dil Man Jit Ram Hari Lal Chandra Prem Dhan Tek Purna Bhim Kul Nar Ganesh"),
             _parts("+Bahadur +Prasad +Kumar +Raj +Bikram +Nath")),
        ),
        female=(
            (_NP_ON, _parts("a i u e aa"), _NP_on, _parts("a i u"),
             _parts("ta ka la na ya ma sha ri")),
        ),
        family=(
            (_NP_ON, _parts("a i u e o aa"), _NP_on, _parts("a i u"),
             _parts("l ri rel ti la na tta ng r i al ki")),
            (_NP_ON, _parts("a i u aa"), _parts("ng r l n t k"), _parts("i al ey a")),
        ),
        spellings=(
            ("v", "b"), ("V", "B"), ("b", "v"), ("sh", "s"), ("Sh", "S"), ("aa", "a"),
            ("ee", "i"), ("i", "ee"), ("u", "oo"), ("w", "b"), ("ey", "e"), ("tt", "t"),
        ),
    ),
    "bengali": Morphology(
        male=(
            (_BN_ON, _parts("a o i u"), _BN_on, _parts("a i u o"),
             _parts("ul ur on ir ed im an al iq")),
            (_BN_ON, _parts("a o i"), _BN_on, _parts("ul ur"),
             _parts("+Islam +Haque +Rahman +Alam +Hasan")),
        ),
        female=(
            (_BN_ON, _parts("a o i u"), _BN_on, _parts("a i u o"), _parts("a in ina ma ya i eya")),
        ),
        family=(
            (_BN_ON, _parts("a o i u"), _BN_on, _parts("a i u o"),
             _parts("der dar i uddin ul mia khan uzzaman")),
            (_BN_ON, _parts("a o i u"), _parts("k r l n m d"), _parts("i ar er")),
        ),
        spellings=(
            ("o", "u"), ("u", "o"), ("sh", "s"), ("Sh", "S"), ("z", "j"), ("Z", "J"),
            ("ee", "i"), ("i", "ee"), ("a", "o"), ("der", "dar"), ("q", "k"), ("uddin", "uddeen"),
        ),
    ),
    "tigrinya": Morphology(
        male=(
            (_TI_FIRST, _TI_SECOND),  # Gebremariam, Habteselassie
            (_TI_ON, _parts("a e i o u"), _TI_on, _parts("ay om e u it et ai ie on")),
        ),
        female=(
            (_TI_ON, _parts("a e i o u"), _TI_on, _parts("a et it awit ina ana e ien")),
            (_parts("Tsega Selam Mebrat Hiwet Abeba Tirhas Lete Freweini Zewdi Mihret"),
             _parts("_ mariam ab berhan tsion hans")),
        ),
        family=(
            (_TI_FIRST, _TI_SECOND),
            (_TI_ON, _parts("a e i o u"), _TI_on, _parts("ay om e u it et ai ie on")),
            (_TI_ON, _parts("a e i o u"), _TI_on, _parts("a e i o u"), _parts("m s n y t")),
        ),
        spellings=(
            ("Gh", "G"), ("Gebre", "Gebre "), ("Wolde", "Welde"), ("ay", "ai"), ("ai", "ay"),
            ("ts", "s"), ("o", "u"), ("ie", "e"), ("mariam", "maryam"), ("michael", "mikael"),
            ("yesus", "iyesus"), ("e", "a"),
        ),
    ),
    "filipino": Morphology(
        male=(
            (_parts("John Mark Jay Ken Rey Jun Jomar Jeff Ryan Carl Kim Ace Paul Neil Ron Vince "
                    "Dan Jhon Rod Lloyd Joel Arnel Jerry Rommel Edgar"),
             _parts("_ +Paul +Rey +Mark son ie +Michael nel mar rick +Carlo +Vincent")),
        ),
        female=(
            (_parts("Mary Ann Joy Rose Grace Jean Kris Mae Lyn Cheryl Rica Jessa Liza Ruby Mica "
                    "Jenny Lea Jo Bea Kim Maria Ana Cris Divina"),
             _parts("_ +Joy +Ann +Grace lyn belle mae +Rose ine ie +Jane")),
        ),
        family=(
            (_PH_ON, _parts("a e i o u"), _PH_on, _parts("a e i o"),
             _parts("ez es ado ino ano ito illa ero ara ales on")),
            (_parts("Ma Pa Da Ba Sa Ca Di Lu Pan Man Mag Ta Bu Ca Ti"),
             _parts("ca la ga ba ngan lan yan nog sig pal tin bay wan ral do dit"),
             _parts("ca la ga ba ngan lan yan nog sig pal tin bay wan ral do dit")),
            (("De la ", "Dela ", "De los ", "San ", "Santa "), _PH_ON, _parts("a e i o u"),
             _parts("r n l s"), _parts("a o es")),
        ),
        spellings=(
            ("c", "k"), ("k", "c"), ("z", "s"), ("v", "b"), ("ll", "l"), ("Jh", "J"),
            ("y", "i"), ("Dela ", "De la "), ("qu", "k"), ("o", "u"),
        ),
    ),
    "vietnamese": Morphology(
        male=(
            (_parts("Van+ Duc+ Minh+ Quoc+ Huu+ Thanh+ Xuan+ Hoang+ Gia+ Bao+ Dinh+ Cong+"),
             _parts("Anh Bao Binh Cuong Dung Dat Hai Hieu Hoa Hung Huy Khang Khoa Lam Long Minh "
                    "Nam Nghia Phong Phuc Quan Son Tai Tam Thang Thinh Toan Trung Tuan Viet Vinh")),
        ),
        female=(
            (_parts("Thi+ Ngoc+ Thu+ Kim+ Thanh+ My+ Bich+ Hong+ Mai+ Phuong+ Diem+ Tuyet+"),
             _parts("Anh Chau Dao Diep Giang Ha Hanh Hien Hoa Hong Huong Lan Linh Loan Mai Nga "
                    "Ngan Nhung Oanh Phuong Quyen Tam Thao Thuy Trang Tram Uyen Van Vy Yen")),
        ),
        family=(
            (_parts("Ng Tr Ph Th Kh Ch Gi Qu B C D H K L M N T V X S"),
             _parts("uyen an e am oang u ang ui o uong inh y ong ai ao ach ieu uc anh ung")),
        ),
        spellings=(("D", "Đ"), ("o", "ô"), ("a", "â"), ("u", "ư"), ("e", "ê"), ("Ng", "Nh")),
    ),
    "ukrainian": Morphology(
        male=(
            (_parts("Volo Yaro Svyato Bory Myro Rosty Stani Vladi Dobro Lubo Zveny Bohu Ostro "
                    "Radi Miro Velyko Ratybo Vseslav"),
             _parts("slav myr dar mil syl hor")),
            (_UA_ON, _parts("a o e y i"), _UA_CODA, _parts("iy o an ur ko ych")),
        ),
        female=(
            (_parts("Volo Yaro Svyato Bory Myro Rosty Stani Vladi Dobro Lubo Zveny Bohu Ostro "
                    "Radi Miro Velyko"),
             _parts("slava myra dara myla syla")),
            (_UA_ON, _parts("a o e y i"), _UA_CODA, _parts("ana ia yna ka ena")),
        ),
        family=(
            (_UA_ON, _parts("a o u e y i"), _UA_CODA,
             _parts("enko chuk uk yk ko ych skyi iv ak yshyn ets ovych an iuk ovskyi ovets")),
        ),
        spellings=(
            ("kh", "h"), ("y", "i"), ("v", "w"), ("iy", "ii"), ("H", "G"),
            ("ch", "tch"), ("skyi", "sky"), ("yi", "iy"), ("ts", "c"),
        ),
    ),
    "nigerian": Morphology(
        male=(
            (_YO_FIRST, _YO_SECOND),  # Adebayo, Olawale
            (_IG_FIRST, _IG_SECOND),  # Chukwuemeka
            (_HA_FIRST, _HA_SECOND),
        ),
        female=(
            (_YO_FIRST, _YO_FEMALE),
            (_IG_FIRST, _parts("oma amaka nma ka zie dinma mma chi nne ebube")),
        ),
        family=(
            (_YO_FIRST, _YO_SECOND),
            (_IG_FIRST, _IG_SECOND),
            (_HA_FIRST, _HA_SECOND),
            (_parts("O A E I U"), _parts("k g b d l n m w y s"), _parts("a e o u i"),
             _parts("fo ko nkwo nwo lade yemi gbe jo ke nna wu")),
        ),
        spellings=(
            ("kw", "ku"), ("nn", "n"), ("ll", "l"), ("e", "eh"), ("oo", "o"), ("y", "i"),
            ("gb", "b"), ("sh", "s"),
        ),
    ),
}  # fmt: skip


ARABIC_MALE = _pool(
    "Mohammed/Muhammad/Mohamed/Mohammad/Mohamad;Ahmed/Ahmad/Ahmet;Mahmoud/Mahmud/Mahmood;"
    "Abdulrahman/Abdul Rahman/Abdel Rahman/Abd al-Rahman;Abdullah/Abdallah/Abdulla;"
    "Youssef/Yousef/Yusuf/Yossef;Omar/Umar/Omer;Ali/Aly;Hussein/Husain/Hussain/Hossein;"
    "Khaled/Khalid/Haled;Mustafa/Mostafa/Moustafa;Ibrahim/Ebrahim/Ibraheem;Hassan/Hasan;"
    "Karim/Kareem/Karem;Samir/Sameer;Tariq/Tarek/Tarik;Walid/Oualid/Waleed;Saeed/Said/Sayed;"
    "Jamal/Gamal/Djamal;Nabil/Nabeel;Osama/Usama/Oussama;Bilal/Belal;Rashid/Rachid/Rasheed;"
    "Faisal/Faysal/Feisal;Hamza/Hamzah;Anas/Enes;Ziad/Ziyad/Zyad;Majid/Majed/Magid;"
    "Adel/Adil;Imad/Emad;Sami/Samy;Fadi/Fady;Hisham/Hicham/Hesham;Marwan/Merwan;Nasser/Naser;"
    "Qasim/Kasim/Qassem;Jihad/Gihad;Riad/Riyad/Riyadh;Salah/Salah Eddine;Yasin/Yassin/Yaseen"
)
ARABIC_FEMALE = _pool(
    "Fatima/Fatimah/Fatma/Fatemeh;Aisha/Aishah/Aicha/Ayesha;Mariam/Maryam/Meriem;"
    "Khadija/Khadijah/Khadidja;Zainab/Zaynab/Zeinab;Amina/Aminah/Ameena;Nour/Noor/Nur;"
    "Layla/Leila/Laila/Leyla;Sara/Sarah;Hana/Hanaa/Hanna;Rania/Raniya;Yasmin/Yasmine/Jasmin;"
    "Salma/Selma;Huda/Houda/Hoda;Samira/Sameera;Rasha/Racha;Dina/Deena;Reem/Rim;Asma/Asmaa;"
    "Nadia/Nadiya;Hiba/Heba;Lina/Leena;Rana/Ranaa;Shaima/Shaimaa/Chaima;Wafaa/Wafa;"
    "Iman/Eman/Imane;Souad/Suad/Soad;Ghada/Rada;Mona/Muna;Lubna/Loubna"
)
ARABIC_FAMILY = _pool(
    "Al-Hassan/Alhassan/El Hassan;Al-Ahmad/Alahmad/El Ahmad;Haddad/Hadad;Khalil/Halil/Khaleel;"
    "Mansour/Mansur/Mansoor;Nasser/Naser/Nassar;Saleh/Salih/Saleh;Abbas/Abas;Darwish/Darwich;"
    "Hamdan/Hamdane;Suleiman/Sulaiman/Soliman/Slimane;Othman/Osman/Uthman;Yassin/Yasin;"
    "Qureshi/Kureshi/Qurashi;Bakr/Bakar;Jaber/Jabir/Gaber;Kanaan/Kanan/Canaan;Shami/Chami;"
    "Zaidi/Zaydi;Tamimi/Al-Tamimi;Hijazi/Hejazi/Higazi;Masri/El Masri/Al-Masri;"
    "Najjar/Nagar/Naggar;Halabi/Al-Halabi;Sabbagh/Sabbag;Khoury/Khouri/Kuri;Rahman/Rahmane;"
    "Farouk/Faruq/Farouq;Ghanem/Ghanim/Ganem;Hamoud/Hammoud/Hamud;Issa/Isa/Eissa;"
    "Mahfouz/Mahfuz;Obeid/Ubaid/Obaid;Rashed/Rashid;Sharif/Sherif/Chérif;Taha/Taa;"
    "Wahba/Wahbi;Youness/Younes/Yunus;Zaher/Zahir;Bitar/Baitar;Attar/Al-Attar;Khatib/Al-Khatib/Elkhatib"
)
NEPALI_MALE = _pool(
    "Ram/Raam;Krishna/Krisna/Kishna;Bishnu/Vishnu/Bisnu;Sanjay/Sanjaya/Sanjai;"
    "Rajesh/Rajes;Suresh/Sures;Ramesh/Rames;Dipak/Deepak/Dipok;Prakash/Prakas;Santosh/Santos;"
    "Bikash/Vikash/Bikas;Sunil/Suneel;Hari/Harri;Gopal/Gopaal;Dinesh/Dines;Binod/Vinod;"
    "Kamal/Kamala;Rabindra/Rabin/Ravindra;Nabin/Navin/Naveen;Sagar/Saagar;Mohan/Mohon;"
    "Narayan/Narayana/Naraian;Dil Bahadur/Dilbahadur;Man Bahadur/Manbahadur;Yubaraj/Yuvaraj;"
    "Pradeep/Pradip;Anil/Aneel;Bijay/Vijay/Bijaya;Govinda/Gobinda/Gobind;Shyam/Syam/Shyaam"
)
NEPALI_FEMALE = _pool(
    "Sita/Seeta;Gita/Geeta;Sunita/Suneeta;Anita/Aneeta;Laxmi/Lakshmi/Laksmi;Sarita/Sareeta;"
    "Kamala/Kamla;Radha/Radhaa;Bimala/Vimala/Bimla;Sabina/Sabeena;Puja/Pooja;Srijana/Shrijana;"
    "Ganga/Gangaa;Maya/Maaya;Sushila/Susila/Susheela;Parbati/Parvati/Parwati;Mina/Meena;"
    "Rita/Reeta;Durga/Durgaa;Asha/Aasha"
)
NEPALI_FAMILY = _pool(
    "Shrestha/Srestha/Shresta;Tamang/Tamaang;Gurung/Gurang;Magar/Magaar;Rai/Raee;Limbu/Limboo;"
    "Thapa/Thappa;Karki/Karkee;Adhikari/Adhikary;Bhattarai/Bhatarai;Poudel/Paudel/Paudyal;"
    "Ghimire/Ghimirey;Khadka/Khadga;Basnet/Basnyat;Sherpa/Sharpa;Tiwari/Tiwary/Tewari;"
    "Acharya/Aacharya;Pandey/Pande/Panday;Bhandari/Bhandary;Rana/Raana;Koirala/Koirela;"
    "Chaudhary/Chaudhari/Choudhary;Yadav/Yadab;Subedi/Subedee;Dahal/Dahaal;Lama/Lamma;"
    "Sapkota/Sapkotta;Regmi/Regmee;Nepal/Nepaal;Bista/Bist"
)
BENGALI_MALE = _pool(
    "Mohammad/Mohammed/Muhammad/Md;Abdul/Abdool;Rahim/Raheem;Karim/Kareem;Hossain/Hussain/Hosen;"
    "Rafiqul/Rafikul/Rofiqul;Shahidul/Shohidul/Sahidul;Aminul/Aminool;Jahangir/Jahanggir;"
    "Alamgir/Alomgir;Mizanur/Mijanur;Habibur/Hobibur;Kamrul/Kamrool;Mahbub/Mahboob/Mehbub;"
    "Saiful/Shaiful/Syful;Nazrul/Nojrul;Anwar/Anowar/Anwer;Jamal/Jamaal;Faruk/Farooq/Faruque;"
    "Rubel/Ruble;Sohel/Sohail/Suhel;Shakil/Shakeel;Monir/Monirul/Munir;Biplob/Biplab;"
    "Sumon/Suman;Tanvir/Tanveer/Tonmoy;Arif/Aarif;Masud/Masood/Masum;Shafiq/Shafik/Sofiq"
)
BENGALI_FEMALE = _pool(
    "Nasrin/Nasreen;Rokeya/Rokiya/Rukeya;Shirin/Shireen;Farzana/Farjana;Sultana/Sultanah;"
    "Taslima/Tasleema;Rehana/Rahana/Rihana;Shahnaz/Shanaz;Jesmin/Jasmine/Josmin;Rina/Reena;"
    "Salma/Shalma;Roksana/Ruksana/Rukhsana;Morium/Mariam/Moriam;Sharmin/Sharmeen;Popy/Popi;"
    "Mousumi/Moushumi/Mausumi;Laila/Lily;Nazma/Najma;Parvin/Parveen/Perveen;Hasina/Haseena"
)
BENGALI_FAMILY = _pool(
    "Chowdhury/Choudhury/Chaudhuri/Chowdhuri;Rahman/Rohman;Hossain/Hussain/Hosen;Islam/Islaam;"
    "Uddin/Uddeen/Udin;Ahmed/Ahmad;Akter/Akhter/Aktar;Begum/Begom;Khatun/Khatoon;Miah/Mia/Mian;"
    "Sarkar/Sorkar/Sircar;Talukder/Talukdar;Bhuiyan/Bhuiya/Bhuyan;Mondal/Mandal/Mondol;"
    "Sheikh/Shaikh/Sk;Haque/Hoque/Huq;Kabir/Kobir;Sikder/Sikdar;Molla/Mollah/Mullah;"
    "Khan/Khaan;Biswas/Bishwas;Das/Dash;Roy/Ray;Karim/Korim;Alam/Alom;Munshi/Munsi;"
    "Mridha/Mirdha;Patwary/Patwari;Howlader/Hawlader/Haoladar;Siddique/Siddiqui/Siddiki"
)
TIGRINYA_MALE = _pool(
    "Tesfay/Tesfaye/Tesfai;Yonas/Yohannes/Yohanes;Kidane/Kidan;Berhane/Berhe/Birhane;"
    "Haile/Hayle;Mehari/Mihret/Meharie;Tekle/Teklay/Teklai;Goitom/Goytom;Amanuel/Emmanuel/Amanual;"
    "Filmon/Filimon/Philemon;Dawit/Dawitt;Selam/Salam;Yemane/Yemani;Gebremedhin/Gebre Medhin;"
    "Gebreyesus/Gebre Yesus;Habte/Habtay;Measho/Meashow;Mulugeta/Mulgeta;Samuel/Samiel;"
    "Ermias/Ermiyas;Henok/Enoch/Henock;Aron/Aaron;Biniam/Biniyam/Beniam;Daniel/Danel;"
    "Mussie/Musie/Muse;Natnael/Natanael;Robel/Rubel;Semere/Semre;Zerai/Zeray;Efrem/Ephrem"
)
TIGRINYA_FEMALE = _pool(
    "Helen/Hellen;Senait/Senayt/Senaite;Saba/Sabaa;Selam/Selamawit;Feven/Fiven;Eden/Edien;"
    "Mebrat/Mibrat;Tsega/Tsegay/Sega;Winta/Wintana;Yordanos/Yordanus;Rahel/Rachel/Raheel;"
    "Lidia/Lydia;Ruta/Rutha;Ariam/Aryam;Hiwet/Hewet;Semhar/Semher;Luwam/Luam;Merhawit/Mirhawit;"
    "Abeba/Abebech;Freweini/Frewoini/Frewini"
)
TIGRINYA_FAMILY = _pool(
    "Gebremariam/Gebre Mariam/Gebremaryam;Tesfamariam/Tesfa Mariam;Habte/Habtemariam;"
    "Woldemichael/Wolde Michael/Weldemichael;Gebrehiwet/Gebre Hiwet;Kahsay/Kahsai;"
    "Berhe/Berhane;Tekle/Teklehaimanot;Mehari/Meharie;Asmerom/Asmarom;Negash/Negassi/Negasi;"
    "Ghebreab/Gebreab;Andemariam/Ande Mariam;Okbay/Okbai;Zerom/Zerum;Ghirmay/Girmay/Ghirmai;"
    "Yemane/Yemani;Tewelde/Tewolde/Teweldebrhan;Araya/Arraya;Abraha/Abreha;Hagos/Hagoss;"
    "Tsegai/Tsegay;Weldu/Woldu;Kiflom/Kiflu;Mebrahtu/Mebrahtom;Sium/Siyum;Fisehaye/Fishaye;"
    "Ghebremedhin/Gebremedhin;Russom/Rusom;Tecle/Tekle"
)
FILIPINO_MALE = _pool(
    "Jose/José;Juan/Jhuan;Mark/Marc;John Paul/Jhon Paul/Johnpaul;Michael/Micheal/Mikael;"
    "Jerome/Jerom;Christian/Kristian/Cristian;Jayson/Jason/Jaison;Ronald/Ronaldo;"
    "Rodel/Rodell;Ariel/Aryel;Reynaldo/Reinaldo/Renaldo;Rogelio/Rojelio;Eduardo/Edwardo;"
    "Romeo/Romio;Alvin/Albin;Marvin/Marbin;Jomar/Jhomar;Noel/Nowel;Rey/Ray;"
    "Danilo/Danillo;Ferdinand/Ferdie;Joel/Jowel;Ricardo/Rikardo;Carlo/Karlo"
)
FILIPINO_FEMALE = _pool(
    "Maria/Ma./Mariah;Mary Grace/Marygrace/Mary-Grace;Kristine/Christine/Cristine;"
    "Jennifer/Jenifer;Rosalie/Rosali;Marites/Maritess/Marietes;Analyn/Annalyn/Ana Lyn;"
    "Jocelyn/Joselyn/Jocelin;Maricel/Marisel/Maricelle;Lorna/Lorena;Rowena/Roweena;"
    "Jovelyn/Jobelyn;Lovely/Lovelie;Angelica/Anjelica;Rhea/Ria;Girlie/Gerlie;Marilou/Mary Lou;"
    "Cherry/Cheri;Evangeline/Vangie;Rosemarie/Rose Marie"
)
FILIPINO_FAMILY = _pool(
    "Dela Cruz/Delacruz/De la Cruz;Santos/Santo;Reyes/Reyez;Garcia/Garsia;Mendoza/Mendosa;"
    "Bautista/Batista;Villanueva/Vilanueva;Ramos/Ramoz;Aquino/Akino;Castillo/Castilio;"
    "Rivera/Ribera;Flores/Florez;Gonzales/Gonzalez;Torres/Torrez;Domingo/Dominggo;"
    "Fernandez/Fernandes;Manalo/Manallo;Pascual/Paskual;Soriano/Sorriano;Macaraeg/Makaraeg;"
    "Dimaculangan/Dimakulangan;Panganiban/Panganeban;Mercado/Merkado;Navarro/Nabarro;"
    "Salazar/Salasar;Valdez/Baldez/Valdes;Tolentino/Tolintino;Magbanua/Magbanwa;"
    "Agustin/Augustin;Evangelista/Ebangelista"
)
VIETNAMESE_MALE = _pool(
    "Nguyen Van/Nguyễn Văn;Minh/Minh;Tuan/Tuấn;Hung/Hùng;Duc/Đức/Duk;Quang/Quang;Thanh/Thành;"
    "Hoang/Hoàng;Long/Long;Phuong/Phương;Dung/Dũng;Khanh/Khánh;Trung/Trung;Hieu/Hiếu;"
    "Nam/Nam;Son/Sơn;Thang/Thắng;Vinh/Vinh;Cuong/Cường;Huy/Huy"
)
VIETNAMESE_FEMALE = _pool(
    "Thi/Thị;Lan/Lan;Huong/Hương;Mai/Mai;Linh/Linh;Trang/Trang;Ngoc/Ngọc;Thao/Thảo;Hoa/Hoa;"
    "Hanh/Hạnh;Thuy/Thúy/Thuỷ;Yen/Yến;Anh/Ánh;Nhung/Nhung;Phuong/Phượng;Van/Vân;Dao/Đào;"
    "Hien/Hiền;Loan/Loan;Nga/Nga"
)
VIETNAMESE_FAMILY = _pool(
    "Nguyen/Nguyễn/Nguyên;Tran/Trần;Le/Lê;Pham/Phạm/Fam;Hoang/Hoàng/Huynh;Phan/Phan;Vu/Vũ/Vo;"
    "Dang/Đặng;Bui/Bùi;Do/Đỗ;Ho/Hồ;Ngo/Ngô;Duong/Dương;Ly/Lý;Truong/Trương;Dinh/Đinh;"
    "Lam/Lâm;Mai/Mai;Trinh/Trịnh;Cao/Cao"
)
UKRAINIAN_MALE = _pool(
    "Oleksandr/Aleksandr/Alexander/Olexandr;Serhiy/Sergiy/Sergei/Serhii;Andriy/Andrii/Andrei;"
    "Volodymyr/Vladimir/Wolodymyr;Mykola/Nikolai/Mikola;Oleh/Oleg;Yuriy/Yuri/Iurii;"
    "Dmytro/Dmitri/Dmitro;Ivan/Iwan;Vasyl/Vasily/Wasyl;Petro/Pyotr/Petr;Bohdan/Bogdan;"
    "Taras/Tarass;Yevhen/Evgeny/Ievgen;Maksym/Maxim/Maksim;Roman/Romain;Vitaliy/Vitali/Vitalii;"
    "Pavlo/Pavel/Paul;Ihor/Igor;Artem/Artyom"
)
UKRAINIAN_FEMALE = _pool(
    "Olena/Elena/Helena/Alena;Oksana/Oxana;Natalia/Nataliya/Natalya;Iryna/Irina/Iryna;"
    "Tetiana/Tatiana/Tetyana;Yulia/Yuliya/Julia/Iuliia;Svitlana/Svetlana;Kateryna/Ekaterina/Katerina;"
    "Halyna/Galina/Halina;Liudmyla/Ludmila/Lyudmila;Mariya/Maria/Mariia;Anastasiia/Anastasia;"
    "Viktoriia/Victoria/Viktoria;Nadiya/Nadezhda/Nadia;Larysa/Larisa;Valentyna/Valentina;"
    "Olha/Olga;Khrystyna/Christina/Hrystyna;Daryna/Darina;Inna/Ina"
)
UKRAINIAN_FAMILY = _pool(
    "Shevchenko/Shevtchenko/Schewtschenko;Kovalenko/Kowalenko;Bondarenko/Bondarenco;"
    "Tkachenko/Tkatchenko;Kravchenko/Krawchenko;Oliynyk/Oleinik/Oliinyk;Shevchuk/Shewchuk;"
    "Polishchuk/Polischuk;Bondar/Bondarr;Tkachuk/Tkatchuk;Marchenko/Martchenko;Lysenko/Lisenko;"
    "Rudenko/Roudenko;Savchenko/Sawchenko;Petrenko/Petrenco;Klymenko/Klimenko;Pavlenko/Pawlenko;"
    "Melnyk/Melnik/Melnyk;Moroz/Moros;Kuzmenko/Kusmenko;Honcharenko/Goncharenko;"
    "Hrytsenko/Gritsenko;Yakovenko/Iakovenko;Zinchenko/Sinchenko;Levchenko/Lewchenko"
)
NIGERIAN_MALE = _pool(
    "Chukwuemeka/Chukwuemeke/Emeka;Oluwaseun/Oluwasegun/Seun;Adebayo/Adebayor;Babatunde/Tunde;"
    "Chinedu/Chinedum;Ikechukwu/Ikechuku;Olumide/Olumidey;Obinna/Obina;Uchenna/Uchena;"
    "Tochukwu/Tochukwuh;Oluwafemi/Femi;Abubakar/Abubakr/Abu Bakar;Musa/Moussa;Ibrahim/Ibrahima;"
    "Sani/Sanni;Yakubu/Yakub;Emmanuel/Emanuel;Godwin/Godwinn;Samuel/Sammuel;Kelechi/Kelechy"
)
NIGERIAN_FEMALE = _pool(
    "Chiamaka/Chiamaka;Ngozi/Ngozie;Blessing/Blessin;Oluwakemi/Kemi;Folasade/Sade;"
    "Adaeze/Adaese;Chioma/Chiomah;Funmilayo/Funmi;Aisha/Aishat/Aysha;Fatima/Fatimah;"
    "Precious/Presious;Amaka/Ammaka;Ifeoma/Ifeomah;Nneka/Neka;Yetunde/Yetundeh;Zainab/Zaynab;"
    "Comfort/Komfort;Joy/Joye;Esther/Ester;Grace/Gracie"
)
NIGERIAN_FAMILY = _pool(
    "Okafor/Okaffor;Okonkwo/Okonkow;Adeyemi/Adeyemmi;Ogunleye/Ogunlaye;Eze/Ezeh;"
    "Nwosu/Nwossu;Balogun/Ballogun;Ibrahim/Ibraheem;Abdullahi/Abdulahi;Bello/Belo;"
    "Okeke/Okekeh;Onyekachi/Onyekachukwu;Adebayo/Adebayor;Olawale/Olawalle;Chukwu/Chukwuh;"
    "Nnamdi/Namdi;Obi/Obih;Ogbonna/Ogbona;Uche/Uchey;Yusuf/Yusuff;Danjuma/Danjumah;"
    "Afolabi/Afolaby;Oyelaran/Oyelaaran;Emenike/Emenike;Nwachukwu/Nwachuku"
)

# Own-script spellings of a few names, to test transliteration (anyascii) inside the model.
SCRIPT: Final[dict[str, str]] = {
    "Mohammed": "محمد", "Ahmed": "أحمد", "Fatima": "فاطمة", "Omar": "عمر", "Ali": "علي",
    "Youssef": "يوسف", "Khaled": "خالد", "Hassan": "حسن", "Aisha": "عائشة", "Mariam": "مريم",
    "Haddad": "حداد", "Khalil": "خليل", "Mansour": "منصور", "Saleh": "صالح", "Abbas": "عباس",
    "Ram": "राम", "Krishna": "कृष्ण", "Sita": "सीता", "Gita": "गीता", "Shrestha": "श्रेष्ठ",
    "Tamang": "तामाङ", "Gurung": "गुरुङ", "Thapa": "थापा", "Rahim": "রহিম", "Karim": "করিম",
    "Rahman": "রহমান", "Islam": "ইসলাম", "Begum": "বেগম", "Nasrin": "নাসরিন",
}  # fmt: skip


def _key(name: str) -> str:
    return name.replace(" ", "").replace("-", "").lower()


def _spellings(name: str, rules: tuple[tuple[str, str], ...], rng: random.Random) -> V:
    """The name and up to three other spellings, each from one romanisation rule."""
    others: list[str] = []
    for written, other in rng.sample(rules, len(rules)):
        if written in name and len(others) < MAX_SPELLINGS - 1:
            variant = name.replace(written, other, 1)
            if variant != name and variant not in others:
                others.append(variant)
    return (name, *others)


def compose(
    head: tuple[V, ...],
    templates: tuple[Template, ...],
    rules: tuple[tuple[str, str], ...],
    size: int,
    *,
    seed: str,
) -> tuple[V, ...]:
    """The head, then names composed from the templates until `size` (fewer if the templates
    cannot make that many), none repeating a name already in the pool."""
    rng = random.Random(seed)
    seen = {_key(spelling) for name in head for spelling in name}
    names = list(head)
    attempts = 0
    while len(names) < size and attempts < size * 50:
        attempts += 1
        template = rng.choice(templates)
        name = "".join(rng.choice(part) for part in template).strip()
        if len(_key(name)) < 3 or _key(name) in seen:
            continue
        seen.add(_key(name))
        names.append(_spellings(name, rules, rng))
    return tuple(names)


def zipf_cumulative(size: int, exponent: float = ZIPF_EXPONENT) -> tuple[float, ...]:
    """Cumulative Zipf weights of ranks 1..size, normalised to end at 1."""
    weights = list(itertools.accumulate(1 / rank**exponent for rank in range(1, size + 1)))
    total = weights[-1]
    return tuple(w / total for w in weights)


@dataclass(frozen=True)
class NamePool:
    """Names by rank, most common first, drawn with Zipf's law."""

    names: tuple[V, ...]
    exponent: float = ZIPF_EXPONENT
    _cumulative: tuple[float, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_cumulative", zipf_cumulative(len(self.names), self.exponent))

    def __len__(self) -> int:
        return len(self.names)

    def draw(self, rng: random.Random) -> V:
        index = bisect.bisect_left(self._cumulative, rng.random())
        return self.names[min(index, len(self.names) - 1)]

    def share(self, rank: int) -> float:
        """The expected share of people holding the name of rank `rank` (1 = most common)."""
        below = self._cumulative[rank - 2] if rank > 1 else 0.0
        return self._cumulative[rank - 1] - below


@dataclass(frozen=True)
class Origin:
    nationality: str
    male: NamePool
    female: NamePool
    family: NamePool
    weight: float
    script: dict[str, str] | None = None  # romanisation -> the name in its own script


def origin(
    nationality: str,
    morphology: str,
    heads: tuple[tuple[V, ...], tuple[V, ...], tuple[V, ...]],
    weight: float,
    *,
    family_names: int = FAMILY_NAMES,
    script: dict[str, str] | None = None,
) -> Origin:
    """An origin's three pools: its real head names, then the tail its morphology composes."""
    rules = MORPHOLOGY[morphology]
    male, female, family = heads
    return Origin(
        nationality,
        NamePool(compose(male, rules.male, rules.spellings, GIVEN_NAMES, seed=f"{morphology}-m")),
        NamePool(
            compose(female, rules.female, rules.spellings, GIVEN_NAMES, seed=f"{morphology}-f")
        ),
        NamePool(
            compose(family, rules.family, rules.spellings, family_names, seed=f"{morphology}-fam")
        ),
        weight,
        script,
    )


ORIGINS: Final[tuple[Origin, ...]] = (
    origin("SY", "arabic", (ARABIC_MALE, ARABIC_FEMALE, ARABIC_FAMILY), 0.2, script=SCRIPT),
    origin("NP", "nepali", (NEPALI_MALE, NEPALI_FEMALE, NEPALI_FAMILY), 0.15, script=SCRIPT),
    origin("BD", "bengali", (BENGALI_MALE, BENGALI_FEMALE, BENGALI_FAMILY), 0.15, script=SCRIPT),
    origin("ER", "tigrinya", (TIGRINYA_MALE, TIGRINYA_FEMALE, TIGRINYA_FAMILY), 0.12),
    origin("PH", "filipino", (FILIPINO_MALE, FILIPINO_FEMALE, FILIPINO_FAMILY), 0.13),
    origin(
        "VN",
        "vietnamese",
        (VIETNAMESE_MALE, VIETNAMESE_FEMALE, VIETNAMESE_FAMILY),
        0.08,
        family_names=VIETNAMESE_FAMILY_NAMES,
    ),
    origin("UA", "ukrainian", (UKRAINIAN_MALE, UKRAINIAN_FEMALE, UKRAINIAN_FAMILY), 0.09),
    origin("NG", "nigerian", (NIGERIAN_MALE, NIGERIAN_FEMALE, NIGERIAN_FAMILY), 0.08),
)
# Arabic names are also the names of people of other nationalities (Syria, Iraq, Sudan...).
ARABIC_NATIONALITIES: Final = ("SY", "IQ", "SD", "EG", "MA", "YE", "JO", "LB")
