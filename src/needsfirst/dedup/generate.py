"""Migrant-like person records with known truth, for measuring duplicate detection.

Each generated person has an origin (Nepali, Bengali, Arabic, Tigrinya, Filipino, Vietnamese,
Ukrainian, Nigerian), a given name (sometimes two) and a family name drawn from that origin's
pool with a mild Zipf skew (some names are much more common, as Mohammed is), a sex, a true date
of birth, a nationality and, for some, a document number. Each name in a pool comes with the
romanisations different clerks write (Mohammed / Muhammad / Mohamed / Mohammad; Chowdhury /
Choudhury / Chaudhuri; Tesfay / Tesfaye / Tesfai; Shrestha / Srestha), and Arabic, Nepali and
Bengali names are sometimes written in their own script.

A person is recorded once, or again (a duplicate) with the mistakes registration makes:

- another romanisation of each name (40 %), a typo (4 %: a letter dropped, doubled or swapped),
  given and family names swapped (5 %), a second given name dropped (30 % when there is one),
  the name in its original script (3 %, Arabic, Nepali and Bengali only);
- the date of birth as a year only (15 %), as 1 January of the year (10 %), a year off by one
  (estimated age, 8 %), day and month swapped (3 %), missing (8 %);
- the nationality missing (5 %); the document number missing (50 %) or with one character
  wrong (3 %); the sex unknown (5 %).

How many records a person has: 1 for 65 % of people, then 2 to 6 (cluster sizes of real
registers). The truth maps each record id to its person. Seeded: the same seed gives the same
records.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Final

from needsfirst.dedup.records import PersonRecord

V = tuple[str, ...]  # one name and its romanisations, the usual one first


@dataclass(frozen=True, slots=True)
class Origin:
    nationality: str
    male: tuple[V, ...]
    female: tuple[V, ...]
    family: tuple[V, ...]
    weight: float
    script: dict[str, str] | None = None  # romanisation -> the name in its own script


def _pool(text: str) -> tuple[V, ...]:
    """``"a/b/c; d/e"`` -> ``(("a", "b", "c"), ("d", "e"))``."""
    return tuple(tuple(v.strip() for v in item.split("/")) for item in text.split(";") if item)


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

ORIGINS: Final[tuple[Origin, ...]] = (
    Origin("SY", ARABIC_MALE, ARABIC_FEMALE, ARABIC_FAMILY, 0.2, SCRIPT),
    Origin("NP", NEPALI_MALE, NEPALI_FEMALE, NEPALI_FAMILY, 0.15, SCRIPT),
    Origin("BD", BENGALI_MALE, BENGALI_FEMALE, BENGALI_FAMILY, 0.15, SCRIPT),
    Origin("ER", TIGRINYA_MALE, TIGRINYA_FEMALE, TIGRINYA_FAMILY, 0.12),
    Origin("PH", FILIPINO_MALE, FILIPINO_FEMALE, FILIPINO_FAMILY, 0.13),
    Origin("VN", VIETNAMESE_MALE, VIETNAMESE_FEMALE, VIETNAMESE_FAMILY, 0.08),
    Origin("UA", UKRAINIAN_MALE, UKRAINIAN_FEMALE, UKRAINIAN_FAMILY, 0.09),
    Origin("NG", NIGERIAN_MALE, NIGERIAN_FEMALE, NIGERIAN_FAMILY, 0.08),
)
# Arabic names are also the names of people of other nationalities (Syria, Iraq, Sudan...).
ARABIC_NATIONALITIES: Final = ("SY", "IQ", "SD", "EG", "MA", "YE", "JO", "LB")
DUPLICATES: Final = ((1, 0.65), (2, 0.2), (3, 0.08), (4, 0.04), (5, 0.02), (6, 0.01))
_EPOCH: Final = dt.date(1960, 1, 1)
_DAYS: Final = (dt.date(2008, 12, 31) - _EPOCH).days


@dataclass(frozen=True, slots=True)
class _Person:
    given: tuple[V, ...]
    family: V
    sex: str
    birthdate: dt.date
    nationality: str
    document: str
    script: dict[str, str] | None


def _zipf(rng: random.Random, pool: tuple[V, ...]) -> V:
    # weights 1/(rank+2)^0.8: the first names are a few times more common than the last
    index = min(int(len(pool) * rng.random() ** 1.6), len(pool) - 1)
    return pool[index]


def _person(rng: random.Random) -> _Person:
    origin = rng.choices(ORIGINS, weights=[o.weight for o in ORIGINS])[0]
    sex = rng.choice(("female", "male"))
    pool = origin.female if sex == "female" else origin.male
    given = [_zipf(rng, pool)]
    if rng.random() < 0.8:
        # a father's name (Arabic, Tigrinya, Ukrainian patronymics) or a middle name
        second = _zipf(rng, origin.male)
        if second != given[0]:
            given.append(second)
    nationality = origin.nationality
    if nationality == "SY":
        nationality = rng.choice(ARABIC_NATIONALITIES)
    document = ""
    if rng.random() < 0.6:
        document = f"{rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}{rng.randrange(10**7):07d}"
    return _Person(
        given=tuple(given),
        family=_zipf(rng, origin.family),
        sex=sex,
        birthdate=_EPOCH + dt.timedelta(days=rng.randrange(_DAYS)),
        nationality=nationality,
        document=document,
        script=origin.script,
    )


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(2, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return word[:i] + word[i + 1 :]
    if kind == 1:
        return word[:i] + word[i] + word[i:]
    return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]


def _spell(rng: random.Random, name: V, person: _Person, *, first: bool) -> str:
    if first:
        return name[0]
    if person.script and name[0] in person.script and rng.random() < 0.03:
        return person.script[name[0]]
    spelling = rng.choice(name) if rng.random() < 0.4 else name[0]
    if rng.random() < 0.04:
        spelling = _typo(rng, spelling)
    return spelling


def _birth(rng: random.Random, date: dt.date) -> tuple[dt.date | None, bool]:
    roll = rng.random()
    if roll < 0.08:
        return None, False
    if roll < 0.23:
        return dt.date(date.year, 1, 1), True
    if roll < 0.33:
        return dt.date(date.year, 1, 1), False
    if roll < 0.41:
        return dt.date(date.year + rng.choice((-1, 1)), 1, 1), True
    if roll < 0.44 and date.day <= 12 and date.day != date.month:
        return dt.date(date.year, date.day, date.month), False
    return date, False


def _record(rng: random.Random, rid: str, person: _Person, *, first: bool) -> PersonRecord:
    given = [_spell(rng, g, person, first=first) for g in person.given]
    if not first and len(given) > 1 and rng.random() < 0.3:
        given = given[:1]
    family = _spell(rng, person.family, person, first=first)
    given_text = " ".join(given)
    if not first and rng.random() < 0.05:
        given_text, family = family, given_text
    birthdate, year_only = (person.birthdate, False) if first else _birth(rng, person.birthdate)
    document = person.document
    if not first and document:
        roll = rng.random()
        if roll < 0.5:
            document = ""
        elif roll < 0.53:
            i = rng.randrange(1, len(document))
            document = document[:i] + str((int(document[i]) + 1) % 10) + document[i + 1 :]
    return PersonRecord(
        record_id=rid,
        given_name=given_text,
        family_name=family,
        birthdate=birthdate,
        birth_year_only=year_only,
        nationality="" if not first and rng.random() < 0.05 else person.nationality,
        document_number=document,
        sex="" if not first and rng.random() < 0.05 else person.sex,
    )


def generate(count: int, *, seed: int = 12) -> tuple[list[PersonRecord], dict[str, str]]:
    """`count` records and the truth (record id -> person id), shuffled."""
    rng = random.Random(seed)
    records: list[PersonRecord] = []
    truth: dict[str, str] = {}
    sizes, weights = zip(*DUPLICATES, strict=True)
    person_number = 0
    while len(records) < count:
        person = _person(rng)
        pid = f"p{person_number}"
        person_number += 1
        copies = min(rng.choices(sizes, weights=weights)[0], count - len(records))
        for copy in range(copies):
            rid = f"r{len(records)}"
            records.append(_record(rng, rid, person, first=copy == 0))
            truth[rid] = pid
    rng.shuffle(records)
    return records, truth


def iter_records(count: int, *, seed: int = 12) -> Iterator[PersonRecord]:
    records, _ = generate(count, seed=seed)
    yield from records


def without_truth(record: PersonRecord, rid: str) -> PersonRecord:
    return replace(record, record_id=rid)
