"""A small, fictitious name corpus for measuring tolerant name search.

Every person here is invented: common given names and family names from the regions the field
works with, combined at random. Each person is written several ways, as they turn up in real
case files: transliteration variants, the original script, dropped diacritics, swapped order,
a joined or split compound, one typing error. Some variants are deliberately hard (Ge'ez script,
Wade-Giles against pinyin) so the measured recall is honest rather than tuned to the rules.

Negative pairs are two different people. Most are "hard": they share a given or family name, or
their names are close yet different (Maria / Mario, Hassan / Hussein, Amir / Omar), because
random strangers are trivially told apart and would flatter precision.
"""

from __future__ import annotations

import itertools
import random

# Each row: one fictitious person, written several ways. The first spelling is the record.
PEOPLE: tuple[tuple[str, ...], ...] = (
    # Arabic (Levant, Iraq, Sudan, Gulf, Maghreb)
    ("Mohammed Ali", "Muhammad Aly", "محمد علي", "Mohamed Ali", "Mohammad Alli"),
    ("Ahmed Hassan Ibrahim", "Ahmad Hasan Ibrahim", "أحمد حسن إبراهيم", "Ahmed Hassan Ebrahim"),
    ("Yusuf Al-Khatib", "Youssef Alkhatib", "Yousef El Khatib", "يوسف الخطيب"),
    ("Fatima Al-Zahra Mansour", "Fatimah Alzahra Mansur", "Fatma Zahra Mansour"),
    ("Abdulrahman Saleh", "Abd al-Rahman Salih", "Abdelrahman Saleh", "عبد الرحمن صالح"),
    ("Khaled Omar Haddad", "Khalid Umar Hadad", "Xalid Omar Haddad", "Haddad Khaled Omar"),
    ("Aisha Nour", "Aishah Noor", "Ayesha Nur", "عائشة نور"),
    ("Hussein Karim", "Husain Kareem", "Hossein Karim", "Hussien Karim"),
    ("Walid Benali", "Oualid Ben Ali", "Walid Ben Ali", "وليد بن علي"),
    ("Said Abdallah", "Saeed Abdullah", "Sayed Abdalla", "Said Abdalah"),
    ("Mariam Haddad", "Maryam Hadad", "Meriem Haddad", "مريم حداد"),
    ("Omar Farouk Jaber", "Umar Faruq Jabir", "Omar Farouq Jaber"),
    ("Zainab Qasim", "Zaynab Kasim", "Zeinab Qassem", "زينب قاسم"),
    ("Tariq Mahmoud", "Tarek Mahmud", "Tareq Mahmoud", "Mahmoud Tariq"),
    ("Layla Hamdan", "Leila Hamdan", "Laila Hamadan", "ليلى حمدان"),
    ("Mustafa Osman", "Mostafa Othman", "Moustafa Osman", "Mustapha Usman"),
    # Somali, Eritrean, Ethiopian, Sudanese
    ("Maxamed Cabdi Warsame", "Mohamed Abdi Warsame", "Mohammed Abdi Warsame"),
    ("Xasan Faarax", "Hassan Farah", "Hasan Farah"),
    ("Ayaan Yuusuf", "Ayan Yusuf", "Ayaan Yusuf"),
    ("Tesfaye Gebremedhin", "Tesfay Gebremedhin", "Tesfaye Gebre Medhin", "Tesfaye Gebremedin"),
    ("Senait Haile", "Senayt Haile", "Seneit Hayle", "ሰናይት ሃይለ"),
    ("Yonas Tekle", "Yohannes Tekle", "Yonas Tekleh", "ዮናስ ተክለ"),
    # Afghan, Iranian, Pakistani
    ("Gul Ahmad Zadran", "Gul Ahmed Zadran", "Gulahmad Zadran", "گل احمد زدران"),
    ("Shabnam Rahimi", "Shabnam Rahimy", "Shabnum Rahimi", "شبنم رحیمی"),
    ("Farhad Hosseini", "Farhad Husseini", "Farhaad Hosseyni"),
    ("Imran Qureshi", "Imran Kureshi", "Imraan Qureshi", "Imran Qurashi"),
    ("Nasreen Akhtar", "Nasrin Akhter", "Nasreen Akhter", "Nasrin Aktar"),
    # South Asian (Bangladesh, India, Nepal, Sri Lanka)
    ("Rajesh Kumar Sharma", "Rajesh Kumaar Sharma", "राजेश कुमार शर्मा", "Rajes Kumar Sarma"),
    ("Priya Nair", "Priyaa Nair", "Priya Naier", "प्रिया नायर"),
    ("Abdul Karim Chowdhury", "Abdulkarim Choudhury", "Abdul Kareem Chowdhry"),
    ("Shahida Begum", "Shahida Begom", "Sahida Begum", "শাহিদা বেগম"),
    ("Suresh Thapa", "Suresh Thaapa", "Sures Thapa", "सुरेश थापा"),
    ("Lakshmi Perera", "Laxmi Perera", "Lakshmi Pereira"),
    ("Mohammad Rafiqul Islam", "Md Rafiqul Islam", "Mohammed Rafikul Islam"),
    # West African (Nigeria, Ghana, Senegal, Guinea, Côte d'Ivoire)
    ("Oluwaseun Adeyemi", "Oluwasuen Adeyemi", "Oluwaseun Adeyemmi", "Seun Adeyemi"),
    ("Chinwe Okonkwo", "Chinwe Okonkow", "Chinwé Okonkwo", "Okonkwo Chinwe"),
    ("Adebayo Ogunleye", "Adebayo Ogunlaye", "Adébáyọ̀ Ògúnlẹyẹ", "Adebayo Ogunleyi"),
    ("Ngozi Eze", "Ngozie Eze", "Ngozi Ezeh", "Ngosi Eze"),
    ("Kwame Mensah", "Kwami Mensa", "Kwame Menseh", "Mensah Kwame"),
    ("Aminata Diallo", "Aminatta Diallo", "Aminata Jallow", "Aminata Dialo"),
    ("Mamadou Diop", "Mamadu Diop", "Mamadou Dioup", "Mohamadou Diop"),
    ("Fatoumata Bah", "Fatumata Ba", "Fatoumata Barry Bah", "Fatou Bah"),
    ("Osagie Igbinedion", "Osaghie Igbinedion", "Osagie Igbinidion"),
    ("Blessing Okafor", "Blessing Okafor", "Blesing Okafor", "Blessing Okafo"),
    # Eastern European (Ukraine, Moldova, Romania, Bulgaria, Albania, Russia)
    ("Olena Kovalenko", "Elena Kovalenko", "Олена Коваленко", "Olena Kowalenko"),
    ("Oleksandr Shevchenko", "Aleksandr Shevchenko", "Alexander Shevtchenko", "Олександр Шевченко"),
    ("Yuliya Bondarenko", "Yulia Bondarenko", "Julia Bondarenko", "Юлія Бондаренко"),
    ("Natalia Popescu", "Natalya Popescu", "Natalia Popesku", "Наталья Попеску"),
    ("Ion Ciobanu", "Ion Chiobanu", "Ion Ciubanu", "Ион Чобану"),
    ("Mihaela Dumitrescu", "Mihaela Dumitresku", "Mikhaela Dumitrescu"),
    ("Georgi Dimitrov", "Georgiy Dimitrov", "Георги Димитров", "Georgi Dimitroff"),
    ("Arben Hoxha", "Arben Hodja", "Arben Hoxa", "Arbën Hoxha"),
    ("Dmitri Ivanov", "Dmitriy Ivanov", "Dmitry Ivanov", "Дмитрий Иванов"),
    ("Svetlana Kuznetsova", "Svetlana Kuznetsova", "Svetlana Kouznetsova", "Светлана Кузнецова"),
    ("Tetiana Melnyk", "Tatiana Melnik", "Tetyana Melnyk", "Тетяна Мельник"),
    # Southeast and East Asian
    ("Nguyen Thi Lan", "Nguyễn Thị Lan", "Lan Nguyen Thi", "Nguyen Thi Lann"),
    ("Tran Van Minh", "Trần Văn Minh", "Tran Van Min"),
    ("Maria Santos Reyes", "Maria Santos Reyes", "Ma. Santos Reyes", "Mariа Santos Reies"),
    ("Somchai Srisuk", "Somchai Srisook", "Somchay Srisuk", "สมชาย ศรีสุข"),
    ("Zhang Wei", "Chang Wei", "张伟", "Wei Zhang"),
    ("Kim Min-su", "Kim Minsu", "김민수", "Gim Min Su"),
    # Latin American and others
    ("José Luis Hernández", "Jose Luis Hernandez", "Jose Louis Hernandes", "José Luís Hernández"),
    ("Guadalupe Quispe", "Guadalupe Kispe", "Guadelupe Quispe"),
    (
        "Joao Pereira da Silva",
        "João Pereira da Silva",
        "Joao Pereira Silva",
        "Joao Pereira de Silva",
    ),
)

# Different people whose names are close: the hard cases of precision.
NEAR_NAMES: tuple[tuple[str, str], ...] = (
    ("Maria Lopez", "Mario Lopez"),
    ("Hassan Ali", "Hussein Ali"),
    ("Amir Haddad", "Omar Haddad"),
    ("Mohammed Saleh", "Mahmoud Saleh"),
    ("Ahmed Karim", "Hamid Karim"),
    ("Said Nour", "Saad Nour"),
    ("Samir Khalil", "Samira Khalil"),
    ("Adel Mansour", "Adele Mansour"),
    ("Ali Hassan", "Alia Hassan"),
    ("Olena Petrenko", "Olga Petrenko"),
    ("Ivan Popov", "Ivana Popov"),
    ("Daniel Mensah", "Daniela Mensah"),
    ("Nadia Rahman", "Nadir Rahman"),
    ("Rania Youssef", "Rana Youssef"),
    ("Karim Diallo", "Karima Diallo"),
    ("Farid Hosseini", "Farida Hosseini"),
    ("Amina Bah", "Amin Bah"),
    ("Youssef Benali", "Younes Benali"),
    ("Jamal Osman", "Kamal Osman"),
    ("Hana Said", "Hanan Said"),
    ("Tariq Aziz", "Tarik Aziz"),  # a variant, not a different name: listed as positive below
)
# Pairs in NEAR_NAMES that are in fact the same name written two ways.
NEAR_NAME_POSITIVES: frozenset[tuple[str, str]] = frozenset({("Tariq Aziz", "Tarik Aziz")})


def positive_pairs() -> list[tuple[str, str]]:
    """Every pair of two spellings of the same person."""
    pairs = [pair for person in PEOPLE for pair in itertools.combinations(person, 2)]
    pairs.extend(NEAR_NAME_POSITIVES)
    return pairs


def negative_pairs(*, seed: int = 20240517, random_count: int = 150) -> list[tuple[str, str]]:
    """Pairs of different people: near names, people sharing a name token, and random ones."""
    pairs = [pair for pair in NEAR_NAMES if pair not in NEAR_NAME_POSITIVES]
    # Different people sharing one token of their name (same given or family name).
    for first, second in itertools.combinations(PEOPLE, 2):
        tokens_a = {t.lower() for t in first[0].split()}
        tokens_b = {t.lower() for t in second[0].split()}
        if tokens_a & tokens_b:
            pairs.append((first[0], second[1] if len(second) > 1 else second[0]))
    # Swapped family names: the same given name with another person's family name.
    rng = random.Random(seed)
    for person in PEOPLE:
        given = person[0].split()[0]
        other = rng.choice([p for p in PEOPLE if p is not person])
        family = other[0].split()[-1]
        if family.lower() not in person[0].lower():
            pairs.append((person[0], f"{given} {family}"))
    # Random strangers, each the record of one against a spelling of another.
    for _ in range(random_count):
        first, second = rng.sample(PEOPLE, 2)
        pairs.append((first[0], rng.choice(second)))
    return pairs


def search_cases() -> list[tuple[str, int]]:
    """(search text, index of the person it should find first) for every non-record spelling."""
    return [(spelling, i) for i, person in enumerate(PEOPLE) for spelling in person[1:]]
