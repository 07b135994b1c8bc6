#!/usr/bin/env python3
"""Writes the labelled bank-matching evaluation set of this folder (see README.md).

Deterministic (fixed seed): running it again rewrites the same files. Standard library only.

    python3 generate.py            # writes ledger-*.json, dev-*.json, holdout-*.json
    python3 generate.py --check    # only checks that the files on disk are what this script writes
    python3 generate.py --seed 7 --out /tmp/eval7   # another draw, for stress tests (not the committed set)

The texts are written from how French banks and debtors' ERPs actually show transfers (BNP "VIR SEPA RECU /DE
/MOTIF /REF", CFONB 120 label + 05 LIB records, camt.053 Ustrd lines of 35 or 140 characters, ERP payment advices,
factors, notaries...), not from the engine's own generator, and without reading what the engine handles.

Labels are what a careful credit manager would conclude from the credit and the open ledger:
  apply      the credit pays exactly these invoices with these amounts (the "truth"; automatic or review both
             acceptable, an automatic allocation that differs in any invoice or amount is WRONG);
  review     a person must decide (ambiguous or suspicious): any automatic allocation is WRONG;
  unmatched  not a payment of an open invoice: any automatic allocation is WRONG (a review proposal is noise).
Where a label depends on the ledger (typos, truncations, group completions, payer without reference) it is derived
by enumerating every reading of the text and every combination of the customer's open items: "apply" only when
exactly one combination explains the amount, else "review".
"""

import itertools
import json
import math
import os
import random
import sys
from datetime import date, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20260415
# Other seeds give other sets drawn the same way (stress tests); the committed files are those of SEED.
for _k, _a in enumerate(sys.argv):
    if _a == "--seed":
        SEED = int(sys.argv[_k + 1])
    if _a == "--out":
        HERE = os.path.abspath(sys.argv[_k + 1])
R = random.Random(SEED)

# --------------------------------------------------------------------------------------------------------------------
# Names, IBANs, amounts
# --------------------------------------------------------------------------------------------------------------------

SURNAMES = ["MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "RICHARD", "PETIT", "DURAND", "LEROY", "MOREAU",
            "SIMON", "LAURENT", "LEFEBVRE", "MICHEL", "GARCIA", "DAVID", "BERTRAND", "ROUX", "VINCENT", "FOURNIER",
            "MOREL", "GIRARD", "ANDRE", "MERCIER", "DUPONT", "LAMBERT", "BONNET", "FRANCOIS", "MARTINEZ", "LEGRAND",
            "GARNIER", "FAURE", "ROUSSEAU", "BLANC", "GUERIN", "MULLER", "HENRY", "ROUSSEL", "NICOLAS", "PERRIN",
            "MORIN", "MATHIEU", "CLEMENT", "GAUTHIER", "DUMONT", "LOPEZ", "FONTAINE", "CHEVALIER", "ROBIN", "MASSON",
            "SANCHEZ", "GERARD", "NGUYEN", "BOYER", "DENIS", "LEMAIRE", "DUVAL", "JOLY", "GAUTIER", "ROGER",
            "ROCHE", "ROY", "NOEL", "MEYER", "LUCAS", "MEUNIER", "JEAN", "PEREZ", "MARCHAND", "DUFOUR", "BLANCHARD",
            "MARIE", "BARBIER", "BRUN", "DUMAS", "BRUNET", "SCHMITT", "LEROUX", "COLIN", "FERNANDEZ", "PIERRE",
            "RENARD", "ARNAUD", "ROLLAND", "CARON", "AUBERT", "GIRAUD", "LECLERC", "VIDAL", "BOURGEOIS", "RENAUD",
            "LEMOINE", "PICARD", "GAILLARD", "PHILIPPE", "LECLERCQ", "LACROIX", "FABRE", "DUPUIS", "OLIVIER"]
TRADES = ["BOULANGERIE", "TRANSPORTS", "GARAGE", "PLOMBERIE", "MENUISERIE", "BOUCHERIE", "PHARMACIE", "CABINET",
          "AMBULANCES", "ELECTRICITE", "MACONNERIE", "RESTAURANT", "HOTEL", "IMPRIMERIE", "PEPINIERES", "CHARPENTE",
          "TOITURE", "NETTOYAGE", "SECURITE", "INFORMATIQUE", "CONSEIL", "AUTO ECOLE", "COIFFURE", "OPTIQUE",
          "DOMAINE", "FROMAGERIE", "LOGISTIQUE", "BTP", "ISOLATION", "PAYSAGES", "LABORATOIRE", "ATELIER",
          "FERRONNERIE", "CARRELAGE", "PEINTURE", "FROID", "TAXIS", "CRECHE", "CLINIQUE VETERINAIRE", "EHPAD",
          "MEUBLES", "QUINCAILLERIE", "CAVE", "BRASSERIE", "CHAUFFAGE", "TERRASSEMENT", "MECANIQUE", "CARROSSERIE"]
PLACES = ["DU LEMAN", "DES ALPES", "DE BRETAGNE", "DU SUD OUEST", "DE LA LOIRE", "DE PROVENCE", "NORMANDE",
          "DU VEXIN", "ATLANTIQUE", "DES VOSGES", "DU MIDI", "PICARDE", "DE L OUEST", "DU CENTRE", "MEDITERRANEE",
          "DES ARDENNES", "DE CORREZE", "DU DAUPHINE", "VENDEENNE", "DE SAVOIE", "DU BEARN", "D ALSACE", "DU JURA"]
SYLLABLES = ["SO", "FI", "REM", "ME", "CA", "LO", "IR", "TEC", "NOR", "BA", "TI", "VAL", "DIS", "TRI", "ALP", "ME",
             "DI", "OR", "PRO", "AGRI", "INDUS", "ECO", "NOVA", "TRANS", "BAT", "ELEC", "SAV", "ARMOR", "ATLAN"]
FORMS = ["SARL", "SAS", "SASU", "EURL", "SA", "SNC", "SELARL", "SCOP"]
CITIES = ["LYON", "NANTES", "RENNES", "BORDEAUX", "LILLE", "TOULOUSE", "DIJON", "ANGERS", "TOURS", "ROUEN", "METZ",
          "REIMS", "CAEN", "BREST", "NIORT", "PAU", "VANNES", "AGEN", "ALBI", "COLMAR", "ANNECY", "CHAMBERY"]


def title(s):
    return " ".join(w.capitalize() if len(w) > 2 else w.lower() for w in s.split())


def mod97(s):
    n = 0
    for ch in s:
        n = (n * (10 if ch.isdigit() else 100) + (int(ch) if ch.isdigit() else ord(ch) - 55)) % 97
    return n


def iban(country="FR"):
    lengths = {"FR": None, "BE": 12, "DE": 18, "CH": 17, "GB": None, "ES": 20, "IT": None, "LU": 16, "NL": None}
    if country == "FR":
        bank = R.choice(["30004", "30003", "30002", "10278", "10907", "11315", "14505", "16606", "17515", "18206",
                         "20041", "30066", "30076", "42559", "13335", "12506", "16807", "13807"])
        bban = bank + "%05d" % R.randrange(100000) + "%011d" % R.randrange(10 ** 11)
        key = 97 - (int(bban) * 100) % 97
        bban += "%02d" % key
    elif country == "GB":
        bban = R.choice(["NWBK", "BARC", "LOYD", "HBUK"]) + "%014d" % R.randrange(10 ** 14)
    elif country == "IT":
        bban = "X" + "%022d" % R.randrange(10 ** 22)
    elif country == "NL":
        bban = R.choice(["INGB", "ABNA", "RABO"]) + "%010d" % R.randrange(10 ** 10)
    else:
        bban = "%0*d" % (lengths[country], R.randrange(10 ** lengths[country]))
    check = 98 - mod97(bban + country + "00")
    return country + "%02d" % check + bban


def rf_reference(body):
    body = "".join(c for c in body.upper() if c.isalnum())
    return "RF%02d%s" % (98 - mod97(body + "RF00"), body)


def group4(s):
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4))


def random_amount():
    r = R.random()
    if r < 0.40:  # a price without tax (round-ish) plus 20 % VAT
        ht = R.choice([R.randrange(3, 300) * 10, R.randrange(10, 3000) * 5, R.randrange(50, 25000)])
        return ht * 120
    if r < 0.80:  # anything, 30 € .. 40,000 €
        return int(math.exp(R.uniform(math.log(3000), math.log(4_000_000))))
    # the amounts that repeat in any portfolio (subscriptions, standard services)
    return R.choice([2900, 4900, 5900, 8900, 9900, 11880, 14900, 19900, 24000, 29880, 36000, 48000, 60000, 72000,
                     96000, 120000, 144000, 180000, 240000])


def fr_amount(minor, style=None):
    e, c = divmod(minor, 100)
    style = style if style is not None else R.randrange(5)
    ints = "{:,}".format(e)
    if style == 0:
        return ints.replace(",", " ") + ",%02d" % c
    if style == 1:
        return "%d,%02d" % (e, c)
    if style == 2:
        return ints.replace(",", ".") + ",%02d" % c
    if style == 3:
        return "%d.%02d" % (e, c)
    return ints.replace(",", " ") + ".%02d" % c


def fr_date(d, style=None):
    style = style if style is not None else R.randrange(4)
    return [d.strftime("%d/%m/%Y"), d.strftime("%d.%m.%y"), d.strftime("%d%m%y"), d.strftime("%d/%m/%y")][style]


def business_day(start, end):
    while True:
        d = start + timedelta(days=R.randrange((end - start).days + 1))
        if d.weekday() < 5:
            return d


BOOK_FROM, BOOK_TO = date(2026, 3, 2), date(2026, 4, 14)

# --------------------------------------------------------------------------------------------------------------------
# Ledger: tenants, customers, invoices (numbers are given at the end, in issue-date order, with gaps for paid ones)
# --------------------------------------------------------------------------------------------------------------------


class Invoice:
    def __init__(self, tenant, customer, amount, issue, is_open=True):
        self.tenant, self.customer, self.amount, self.issue, self.open = tenant, customer, amount, issue, is_open
        self.due = issue + timedelta(days=R.choice([0, 30, 30, 45, 45, 60]))
        self.number = None
        self.letters = self.year = self.seq = None
        self.tie = R.random()

    def compact(self):
        return (self.letters + self.year + self.seq).upper()


class Customer:
    def __init__(self, tenant, ref, core, form, name_order):
        self.tenant, self.ref, self.core, self.form = tenant, ref, core, form
        self.ledger_name = title(core) + " " + form if name_order == 0 else form + " " + title(core)
        self.iban = iban()
        self.iban_known = False
        self.name_known = False
        self.invoices = []

    def bank_name(self):
        v = R.randrange(6)
        name = [self.form + " " + self.core, self.core + " " + self.form, self.core, "STE " + self.core,
                self.core + " " + self.form, self.form + " " + self.core][v]
        return name[:35].strip()

    def short(self):
        return self.core.split()[-1] if R.random() < 0.5 else self.core

    def open_invoices(self):
        return [i for i in self.invoices if i.open]


class Tenant:
    def __init__(self, key, description, letters, year_digits, width, j1, j2, ref_style):
        self.key, self.description = key, description
        self.letters, self.year_digits, self.width, self.j1, self.j2 = letters, year_digits, width, j1, j2
        self.ref_style = ref_style
        self.customers, self.invoices, self.extra_payers = [], [], []
        self.names = set()

    def new_customer(self, known_iban=0.6, extras=(0, 4), core=None):
        n = len(self.customers) + 1
        while True:
            k = R.randrange(7)
            c = core or [lambda: R.choice(TRADES) + " " + R.choice(SURNAMES),
                         lambda: R.choice(SURNAMES) + " " + R.choice(TRADES),
                         lambda: R.choice(TRADES) + " " + R.choice(PLACES),
                         lambda: R.choice(SURNAMES) + " ET FILS",
                         lambda: "ETS " + R.choice(SURNAMES),
                         lambda: "".join(R.sample(SYLLABLES, R.choice([2, 3]))),
                         lambda: R.choice(SURNAMES) + " " + R.choice(SURNAMES)][k]()
            if c not in self.names:
                break
            core = None
        self.names.add(c)
        if self.ref_style == "C":
            ref = "C%05d" % (1000 + n)
        elif self.ref_style == "CLI":
            ref = "CLI-%05d" % (n * 7 + 10)
        else:
            ref = "411" + "".join(ch for ch in c if ch.isalpha())[:4] + "%03d" % n
        cust = Customer(self, ref, c, R.choice(FORMS), R.randrange(2))
        cust.iban_known = R.random() < known_iban
        self.customers.append(cust)
        for _ in range(R.randint(*extras)):
            self.invoice(cust, days_before=(5, 170))
        return cust

    def invoice(self, cust, amount=None, days_before=(10, 120), booking=None, is_open=True):
        booking = booking or BOOK_FROM
        issue = booking - timedelta(days=R.randint(*days_before))
        inv = Invoice(self, cust, amount if amount is not None else random_amount(), issue, is_open)
        cust.invoices.append(inv)
        self.invoices.append(inv)
        return inv

    def number_invoices(self):
        starts = {2025: R.randint(2100, 2900), 2026: 1}
        for year in (2025, 2026):
            seq = starts[year]
            for inv in sorted((i for i in self.invoices if i.issue.year == year), key=lambda i: (i.issue, i.tie)):
                seq += R.choice([0, 0, 1, 1, 2, 3])  # numbers of invoices already paid (not in the open ledger)
                inv.letters = self.letters
                inv.year = str(year)[-self.year_digits:]
                inv.seq = "%0*d" % (self.width, seq)
                inv.number = self.letters + self.j1 + inv.year + self.j2 + inv.seq
                seq += 1

    def open_invoices(self):
        return [i for i in self.invoices if i.open]


TENANTS = [
    Tenant("atelier", "Industrial supplies; numbers FA-2026-0347; customer codes C01234", "FA", 4, 4, "-", "-", "C"),
    Tenant("negoce", "Wholesale; numbers are six digits 260347 (year + sequence); customer codes CLI-00123", "", 2, 4,
           "", "", "CLI"),
    Tenant("services", "Services with subscriptions; numbers F2026-00347; customer accounts 411MART012", "F", 4, 5, "",
           "-", "411"),
]

# --------------------------------------------------------------------------------------------------------------------
# How people write an invoice number
# --------------------------------------------------------------------------------------------------------------------


def write(inv, style):
    t = inv.tenant
    L, Y, S = inv.letters, inv.year, inv.seq
    parts = [p for p in (L, Y, S) if p]
    if style == "canonical":
        return inv.number
    if style == "compact":
        return inv.compact()
    if style == "lower":
        return inv.number.lower()
    if style == "spaces":
        return " ".join(parts) if t.key != "negoce" else Y + " " + S
    if style == "slash":
        return "/".join(parts) if t.key != "negoce" else Y + "/" + S
    if style == "dots":
        return ".".join(parts) if t.key != "negoce" else Y + "." + S
    if style == "dash":
        return "-".join(parts)
    if style == "nozeros":
        return (L + t.j1 + Y + t.j2 + str(int(S))) if t.key != "negoce" else inv.number
    if style == "noletters":
        return Y + (t.j2 or "") + S if t.key != "negoce" else inv.number
    if style == "shortyear":
        return (L + Y[-2:] + "-" + S) if t.key != "negoce" else inv.number
    if style == "thousands":
        n = inv.compact()
        return n[:-3] + " " + n[-3:]
    if style == "charspaced":
        return " ".join(inv.compact())
    if style == "charspaced-canonical":
        return " ".join(inv.number)
    if style == "pairs":
        n = inv.compact()
        return " ".join(n[i:i + 2] for i in range(0, len(n), 2))
    if style == "seq":
        return str(int(S))
    if style == "seqpad":
        return S
    raise ValueError(style)


EXACT_STYLES = {
    "atelier": ["lower", "spaces", "slash", "dots", "nozeros", "noletters", "shortyear", "compact", "dash"],
    "negoce": ["spaces", "thousands", "dash", "slash", "dots", "canonical"],
    "services": ["lower", "spaces", "slash", "dots", "nozeros", "noletters", "shortyear", "compact", "dash"],
}


def split_by_part(items, part):
    """Every third item is reserved for the holdout credits, so holdout texts use phrasings the dev credits never do."""
    if len(items) < 3:
        return items
    chosen = [x for k, x in enumerate(items) if (k % 3 == 2) == (part == "holdout")]
    return chosen


def pick(items, part):
    return R.choice(split_by_part(items, part))


SINGLE = [
    "FACT {r}", "FACTURE {r}", "FACTURE N° {r}",
    "REGLEMENT FACTURE {r}", "RGLT FACT {r}", "FACT. N° {r}",
    "{r}", "PAIEMENT FACTURE {r}", "V/FACT {r} DU {d}",
    "FAC {r}", "REGLEMENT {r} {c}", "N°{r}",
    "FACTURE {r} DU {d}", "INV {r}", "REF FACTURE {r}",
    "PAIEMENT {r}", "REGLT FACTURE {r} CLIENT {cref}", "VOTRE FACTURE {r}",
    "FCT {r}", "FACTURE:{r}", "FACT{r}",
    "NO {r}", "{r} {c}", "REGL. FACT. {r}",
    "INVOICE {r}", "FACTURE NO {r} {c}", "/INV/{r} {d}",
]

GROUP = [
    lambda rs: "FACT " + " ".join(rs),
    lambda rs: "FACTURES " + ", ".join(rs[:-1]) + " ET " + rs[-1],
    lambda rs: " ".join(rs),
    lambda rs: "RGLT " + "/".join(rs),
    lambda rs: "REGLEMENT FACTURES " + " + ".join(rs),
    lambda rs: "FACT " + " - ".join(rs),
    lambda rs: "PAIEMENT " + " ".join("N°" + r for r in rs),
    lambda rs: "V/FACTURES " + " ; ".join(rs),
    lambda rs: "REGL " + ",".join(rs),
    lambda rs: "FACTURES N° " + " ".join(rs),
    lambda rs: "REGLEMENT DE VOS FACTURES " + " ".join(rs),
    lambda rs: "FACT:" + " FACT:".join(rs),
]


def bank_ref():
    return R.choice([lambda: "%016d" % R.randrange(10 ** 16), lambda: "%012d" % R.randrange(10 ** 12),
                     lambda: "".join(R.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(14)),
                     lambda: "ZV%d" % R.randrange(10 ** 9, 10 ** 10)])()


WRAPPERS = [
    lambda p, m, r: ["VIR SEPA RECU /DE %s /MOTIF %s /REF %s" % (p, " ".join(m), r)],
    lambda p, m, r: ["VIR SEPA %s" % p[:28]] + m,
    lambda p, m, r: list(m),
    lambda p, m, r: ["VIR RECU %s DE: %s" % (r[:10], p), "MOTIF: " + m[0]] + m[1:],
    lambda p, m, r: ["VIREMENT EN VOTRE FAVEUR", p] + m,
    lambda p, m, r: ["VIR " + p] + m,
    lambda p, m, r: ["VIR INST RE %s DE %s" % (r[-7:], p)] + m,
    lambda p, m, r: list(m) + ["REF " + r],
    lambda p, m, r: ["VIREMENT SEPA RECU", "DE " + p, "MOTIF " + m[0]] + m[1:],
    lambda p, m, r: ["VIR SEPA " + p, "/MOTIF " + m[0]] + m[1:],
    lambda p, m, r: ["VIR DE %s REF %s" % (p, r)] + m,
    lambda p, m, r: ["%s - %s" % (p, m[0])] + m[1:],
    lambda p, m, r: ["VIREMENT SEPA", p] + m,
    lambda p, m, r: ["/ORD/" + p] + ["/REMI/" + m[0]] + m[1:],
    lambda p, m, r: ["VIR.RECU " + p[:20]] + m,
]


def wrap(part, payer, motif_lines, r=None):
    lines = pick(WRAPPERS, part)(payer or "", list(motif_lines) or [""], r or bank_ref())
    return [" ".join(l.split()) if "  " in l.strip() and l.strip().startswith(("VIR", "/")) else l.strip()
            for l in lines if l.strip()]


def lines35(text, width=35, trim=True):
    out = [text[i:i + width] for i in range(0, len(text), width)]
    return [l.strip() if trim else l for l in out if l.strip()]


def single_motif(part, inv, r, cust=None, template=None):
    cust = cust or inv.customer
    t = template or pick(SINGLE, part)
    return t.format(r=r, d=fr_date(inv.issue), c=cust.short(), cref=cust.ref)


# --------------------------------------------------------------------------------------------------------------------
# Labels derived from the ledger: every reading of the text, every combination of the customer's open items
# --------------------------------------------------------------------------------------------------------------------


def one_edit(a, b):
    """True when b is a within one substitution, adjacent transposition, insertion or deletion (a != b)."""
    if a == b:
        return False
    la, lb = len(a), len(b)
    if la == lb:
        diff = [k for k in range(la) if a[k] != b[k]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    if abs(la - lb) != 1:
        return False
    s, l = (a, b) if la < lb else (b, a)
    return any(l[:k] + l[k + 1:] == s for k in range(len(l)))


def candidates(tenant, reading):
    kind, value = reading
    opens = tenant.open_invoices()
    if kind == "exact":
        return [value] if value.open else []
    if kind == "seq":  # a bare sequence number: any year
        return [i for i in opens if int(i.seq) == value]
    if kind == "typo":  # what was written (compact, upper); the number itself or anything one edit away
        return [i for i in opens if i.compact() == value or one_edit(value, i.compact())]
    if kind == "trunc":  # the start of a number, or the number with its sequence zero-padded (FA-2026-034 = 0034)
        prefix, letters, year, seq = value
        return [i for i in opens if i.compact().startswith(prefix)
                or (i.letters == letters and i.year == year and seq and int(i.seq) == seq)]
    raise ValueError(kind)


def explaining_combinations(tenant, readings, pool_customer, low, high, limit=4):
    """Sets of open invoices (one per reading, plus any subset of the customer's other open items when
    pool_customer is given) whose open total lies in [low, high]. Stops after `limit` sets."""
    lists = [candidates(tenant, r) for r in readings]
    pool = pool_customer.open_invoices() if pool_customer else []
    found = []
    for chosen in itertools.product(*lists) if lists else [()]:
        if len(set(id(i) for i in chosen)) != len(chosen):
            continue
        base = sum(i.amount for i in chosen)
        rest = [i for i in pool if all(i is not c for c in chosen)]
        if len(rest) > 18:
            raise ValueError("pool too large")
        for mask in range(1 << len(rest)) if pool_customer else [0]:
            total = base + sum(rest[k].amount for k in range(len(rest)) if mask >> k & 1)
            if low <= total <= high:
                found.append(frozenset(id(i) for i in chosen) | frozenset(
                    id(rest[k]) for k in range(len(rest)) if mask >> k & 1))
                if len(found) >= limit:
                    return found
    return found


def derived(tenant, readings, target, amount, pool_customer=None, fee=0, why=""):
    """'apply' when exactly one combination explains the amount and it is the target, else 'review'."""
    combos = explaining_combinations(tenant, readings, pool_customer, amount, amount + fee)
    want = frozenset(id(i) for i in target)
    if len(combos) == 1 and combos[0] == want:
        return apply_label(target, amount, fee, why)
    return review_label(target[0].customer if target else None, target, amount,
                        why + " (%d combinations explain the amount)" % len(combos))


def allocations(target, amount):
    """Open amounts, the last invoice(s) taking any shortfall (fees)."""
    out, left = [], amount
    for k, inv in enumerate(target):
        a = min(inv.amount, left) if k < len(target) - 1 else left
        out.append((inv, a))
        left -= a
    return out


def apply_label(target, amount, fee=0, why="", unallocated=0):
    return {"outcome": "apply", "allocations": [(inv, a) for inv, a in allocations(target, amount - unallocated)],
            "feeFlexMinor": fee, "unallocatedMinor": unallocated, "why": why}


def review_label(customer, intended, amount, why, unallocated=0):
    return {"outcome": "review", "customer": customer,
            "intended": allocations(intended, amount - unallocated) if intended else None, "why": why}


def unmatched_label(why):
    return {"outcome": "unmatched", "why": why}


# --------------------------------------------------------------------------------------------------------------------
# Scenarios. Each returns one or more credits: payer, text, amount and a label function called once numbers exist.
# --------------------------------------------------------------------------------------------------------------------


class Credit:
    def __init__(self, tenant, part, scenario, booking, amount, payer_name, payer_iban, render, label, e2e=None):
        self.tenant, self.part, self.scenario, self.booking = tenant, part, scenario, booking
        self.amount, self.payer_name, self.payer_iban = amount, payer_name, payer_iban
        self.render, self.label, self.e2e = render, label, e2e


def payer_of(cust, new_iban=0.1):
    name = cust.bank_name()
    ib = cust.iban if R.random() >= new_iban else iban()
    return name, ib


def s_ref_exact(T, part, booking):
    cust = T.new_customer(extras=(0, 5))
    inv = T.invoice(cust, booking=booking)
    style = R.choice(["canonical", "canonical", "compact"])
    name, ib = payer_of(cust)
    tpl = pick(SINGLE, part)
    return [Credit(T, part, "ref-exact", booking, inv.amount, name, ib,
                   lambda: wrap(part, name, [single_motif(part, inv, write(inv, style), template=tpl)]),
                   lambda: apply_label([inv], inv.amount, why="invoice number as issued, exact amount"))]


def s_ref_spelling(T, part, booking):
    cust = T.new_customer(extras=(0, 5))
    inv = T.invoice(cust, booking=booking)
    style = pick(EXACT_STYLES[T.key], part)
    name, ib = payer_of(cust, new_iban=0.3)
    tpl = pick(SINGLE, part)

    return [Credit(T, part, "ref-spelling", booking, inv.amount, name, ib,
                   lambda: wrap(part, name, [single_motif(part, inv, write(inv, style), template=tpl)]),
                   lambda: apply_label([inv], inv.amount, why="number spelled '%s'" % style))]


def s_ref_charspaced(T, part, booking):
    cust = T.new_customer(extras=(0, 4))
    inv = T.invoice(cust, booking=booking)
    style = pick(["charspaced", "charspaced-canonical", "pairs", "charspaced", "pairs", "charspaced-canonical"], part)
    name, ib = payer_of(cust)
    pre = pick(["FACTURE ", "FACT ", "", "REF ", "N ", "PAIEMENT ", "FACT N ", "REGLT "], part)

    def render():
        text = pre + write(inv, style)
        if len(text) > 35 and R.random() < 0.5:
            return wrap(part, name, lines35(text))
        return wrap(part, name, [text])
    return [Credit(T, part, "ref-charspaced", booking, inv.amount, name, ib, render,
                   lambda: apply_label([inv], inv.amount, why="characters of the number separated by spaces"))]


def s_ref_split35(T, part, booking):
    cust = T.new_customer(extras=(0, 4))
    inv = T.invoice(cust, booking=booking)
    name, ib = payer_of(cust)
    style = R.choice(["canonical", "compact", "canonical"])
    lead = pick(["REGLEMENT DE LA FACTURE", "PAIEMENT FOURNISSEUR %s FACT" % R.randrange(10 ** 6),
                 "VIREMENT EN REGLEMENT DE VOTRE FACTURE N", "REF CLIENT %s FACTURE" % cust.ref,
                 "%s FACTURE" % cust.core, "ECHEANCE DU %s FACT" % fr_date(booking, 0),
                 "PAIEMENT SELON RELEVE FACTURE NUMERO", "OBJET REGLEMENT FACT", "REGLT %s FACT" % cust.short()],
                part)
    fillers = ["DU " + fr_date(inv.issue, 0), "CLIENT " + cust.ref, cust.short(), "N", "NO", "REF",
               "ECHEANCE " + fr_date(inv.due, 1), "V/REF", "NOTRE CDE %d" % R.randrange(10 ** 5)]
    trail = R.choice(["", " DU " + fr_date(inv.issue, 0), " MERCI", " " + cust.core])
    trim = R.random() < 0.6

    def render():
        ref = write(inv, style)
        # words of the debtor's text in front of the number until a 35-character boundary falls inside it
        # (fixed-width fields are space-padded: when no wording fits, spaces do)
        for _ in range(400):
            head = " ".join([lead] + R.sample(fillers, R.randint(0, 3))) + " "
            start = len(head)
            boundary = (start // 35 + 1) * 35
            if start < boundary < start + len(ref):
                break
        else:
            head = lead + " " * (35 - len(lead) % 35 + R.randint(-len(ref) + 1, -1))
        return wrap(part, name, lines35(head + ref + trail, trim=trim), None)
    return [Credit(T, part, "ref-split-35", booking, inv.amount, name, ib, render,
                   lambda: apply_label([inv], inv.amount, why="number cut by the 35-character remittance lines"))]


def s_rf_invoice(T, part, booking):
    cust = T.new_customer(extras=(0, 4))
    inv = T.invoice(cust, booking=booking)
    name, ib = payer_of(cust)
    kind = R.choice(["exact", "exact", "grouped", "partial", "badcheck", "lower"])
    amount = inv.amount if kind != "partial" else (inv.amount * R.choice([30, 40, 50])) // 100

    def render():
        rf = rf_reference(inv.compact())
        if kind == "badcheck":
            rf = rf[:2] + "%02d" % ((int(rf[2:4]) + R.randint(1, 9)) % 100) + rf[4:]
        text = {"grouped": group4(rf), "lower": rf.lower()}.get(kind, rf)
        tpl = pick(["{rf}", "REF {rf}", "{rf} {c}", "/RFB/{rf}", "REFERENCE STRUCTUREE {rf}", "{c} {rf}",
                    "PAIEMENT {rf}", "{rf} FACTURE", "CRED REF {rf}"], part)
        return wrap(part, name, [tpl.format(rf=text, c=cust.short())])

    def label():
        why = {"exact": "RF reference of the invoice", "grouped": "RF reference printed in groups of four",
               "partial": "RF reference, part payment", "badcheck": "RF reference with wrong check digits but "
               "the invoice number inside and the exact amount", "lower": "RF reference in lower case"}[kind]
        return apply_label([inv], amount, why=why)
    return [Credit(T, part, "rf-invoice", booking, amount, name, ib, render, label)]


def s_rf_customer(T, part, booking):
    cust = T.new_customer(extras=(1, 5), known_iban=0.5)
    if len(cust.open_invoices()) < 2:
        T.invoice(cust, booking=booking)
    opens = cust.open_invoices()
    kind = R.choice(["total", "total", "one", "part"])
    if kind == "total":
        target, amount = opens, sum(i.amount for i in opens)
    elif kind == "one":
        target = [R.choice(opens)]
        amount = target[0].amount
    else:
        target, amount = [], (sum(i.amount for i in opens) * R.randint(20, 80)) // 100
    name, ib = payer_of(cust)

    def render():
        rf = rf_reference(cust.ref)
        text = R.choice([rf, group4(rf)])
        tpl = pick(["{rf}", "SOLDE COMPTE {rf}", "{rf} {c}", "REGLEMENT {rf}", "PAIEMENT PORTAIL {rf}", "{c} {rf}"],
                   part)
        return wrap(part, name, [tpl.format(rf=text, c=cust.short())])

    def label():
        if kind == "part":
            return review_label(cust, None, amount, "customer's RF reference, amount explained by nothing")
        return derived(T, [], target, amount, pool_customer=cust,
                       why="customer's RF reference (portal), %s" % ("total open" if kind == "total" else "one invoice"))
    return [Credit(T, part, "rf-customer", booking, amount, name, ib, render, label)]


def s_end_to_end(T, part, booking):
    cust = T.new_customer(extras=(0, 4))
    inv = T.invoice(cust, booking=booking)
    name, ib = payer_of(cust)
    style = R.choice(["canonical", "compact", "canonical"])
    rem = pick(["NOTPROVIDED", None, "VIREMENT", "REGLEMENT FOURNISSEUR", "{c}", "PAIEMENT", "/ORD/{c}", None,
                "VIR SEPA"], part)
    e2e_tpl = pick(["{r}", "{r}", "FACT{r}", "{r}-{n}", "PAY{n}{r}"[:35], "{r}"], part)
    n = "%06d" % R.randrange(10 ** 6)

    def render():
        lines = [] if rem is None else [rem.format(c=cust.core)]
        return lines
    return [Credit(T, part, "end-to-end-id", booking, inv.amount, name, ib, render,
                   lambda: apply_label([inv], inv.amount, why="invoice number only in the end-to-end id"),
                   e2e=lambda: e2e_tpl.format(r=write(inv, style), n=n)[:35])]


def s_group_all(T, part, booking):
    cust = T.new_customer(extras=(0, 4), known_iban=0.6)
    k = R.choice([2, 2, 3, 3, 4, 5, 6])
    target = [T.invoice(cust, booking=booking) for _ in range(k)]
    amount = sum(i.amount for i in target)
    name, ib = payer_of(cust)
    spelling = R.choice(["canonical", "canonical", "compact", "first-then-seq", "seq", "mixed"])
    fmt = pick(GROUP, part)
    long = R.random() < 0.3

    def refs():
        ordered = sorted(target, key=lambda i: i.number)
        if spelling == "first-then-seq":
            if T.key == "negoce":
                return [write(i, "canonical") for i in ordered]
            return [write(ordered[0], "canonical")] + [i.seq for i in ordered[1:]]
        if spelling == "seq":
            return [write(i, "seq") for i in ordered]
        if spelling == "mixed":
            return [write(i, R.choice(["canonical", "compact", "lower"])) for i in ordered]
        return [write(i, spelling) for i in ordered]

    def render():
        text = fmt(refs())
        return wrap(part, name, lines35(text) if long or len(text) > 140 else [text])

    def label():
        if spelling == "seq":
            return derived(T, [("seq", int(i.seq)) for i in target], target, amount,
                           why="%d invoices by sequence number only" % k)
        return apply_label(target, amount, why="%d invoices, all named" % k)
    return [Credit(T, part, "group-all-named", booking, amount, name, ib, render, label)]


def s_group_some(T, part, booking):
    cust = T.new_customer(extras=(0, 5), known_iban=0.6)
    k = R.choice([3, 4, 4, 5, 6, 8])
    target = [T.invoice(cust, booking=booking, amount=R.choice([None, None, R.randrange(200000, 2500000)]))
              for _ in range(k)]
    amount = sum(i.amount for i in target)
    name, ib = payer_of(cust)
    how = R.choice(["others", "truncated140", "omitted", "illegible"])
    missing = R.choice([1, 1, 2]) if how != "truncated140" else 0
    if missing and R.random() < 0.3:
        # another open invoice of the same amount as a missing one: two ways to complete the set
        twin = sorted(target, key=lambda i: i.issue)[-1]
        T.invoice(cust, amount=twin.amount, booking=booking)
    fmt = pick(GROUP, part)
    style = R.choice(["canonical", "compact"])

    def render():
        ordered = sorted(target, key=lambda i: i.number)
        if how == "truncated140":
            text = fmt([write(i, style) for i in ordered]) + " " + cust.core
            text = text[:R.randint(60, 140)]
            return wrap(part, name, lines35(text))
        named = ordered[:len(ordered) - missing]
        refs = [write(i, style) for i in named]
        text = fmt(refs)
        if how == "others":
            text += R.choice([" ET AUTRES", " + AUTRES FACTURES", " ET SUIVANTES", " ..."])
        elif how == "illegible":
            text += " " + " ".join(write(i, "seq")[:-2] + "??" for i in ordered[len(named):])
        return wrap(part, name, lines35(text) if len(text) > 70 else [text])

    def label():
        ordered = sorted(target, key=lambda i: i.number)
        if how == "truncated140":
            # what survived the cut: full numbers are exact, a cut number is a truncation, the rest is missing
            text = render_cache["text"]
            readings = []
            for inv in ordered:
                w = write(inv, style)
                if w in text or w.replace(" ", "") in text.replace(" ", ""):  # a number wrapped over two lines is still named
                    readings.append(("exact", inv))
            named = len(readings)
        else:
            readings = [("exact", i) for i in ordered[:len(ordered) - missing]]
            named = len(readings)
        return derived(T, readings, target, amount, pool_customer=cust,
                       why="%d invoices, %d named (%s)" % (k, named, how))
    render_cache = {}

    def render_and_keep():
        lines = render()
        render_cache["text"] = " ".join(lines)
        return lines
    return [Credit(T, part, "group-some-named", booking, amount, name, ib, render_and_keep, label)]


def s_group_noref(T, part, booking):
    cust = T.new_customer(extras=(1, 6), known_iban=1.0)
    kind = R.choice(["all", "oldest", "subset", "all"])
    opens = cust.open_invoices()
    if len(opens) < 2:
        opens.append(T.invoice(cust, booking=booking))
    opens = sorted(cust.open_invoices(), key=lambda i: i.due)
    if kind == "all":
        target = opens
    elif kind == "oldest":
        target = opens[:R.randint(1, len(opens))]
    else:
        target = R.sample(opens, R.randint(1, len(opens)))
    amount = sum(i.amount for i in target)
    if R.random() < 0.25:  # one more open invoice of the amount of a paid one: the set is no longer unique
        T.invoice(cust, amount=R.choice(target).amount, booking=booking)
    name, ib = cust.bank_name(), cust.iban
    tpl = pick(["REGLEMENT RELEVE DE COMPTE", "PAIEMENT FACTURES {m}", "{c}", "VIREMENT FOURNISSEUR",
                "REGLEMENT ECHEANCES {m}", "SOLDE", "PAIEMENT FOURNISSEURS DU {d}", "REGLEMENT {c}", ""], part)
    month = R.choice(["JANVIER", "FEVRIER", "MARS", "01/2026", "02/2026", "MARS 2026"])

    def render():
        text = tpl.format(c=cust.short(), m=month, d=fr_date(booking))
        return wrap(part, name, [text] if text else ["VIREMENT"])
    return [Credit(T, part, "group-no-reference", booking, amount, name, ib, render,
                   lambda: derived(T, [], target, amount, pool_customer=cust,
                                   why="known payer, no reference, %d invoices (%s)" % (len(target), kind)))]


def s_partial(T, part, booking):
    cust = T.new_customer(extras=(0, 4))
    kind = R.choice(["single", "single", "single", "group"])
    if kind == "single":
        inv = T.invoice(cust, booking=booking, amount=R.randrange(60000, 3000000))
        amount = R.choice([inv.amount * R.choice([20, 25, 30, 40, 50]) // 100, (inv.amount // 300) * 100,
                           R.choice([10000, 20000, 50000, 100000]) if inv.amount > 120000 else inv.amount // 2])
        target = [inv]
    else:
        target = [T.invoice(cust, booking=booking) for _ in range(2)]
        amount = sum(i.amount for i in target) * R.choice([30, 50]) // 100
    name, ib = payer_of(cust)
    tpl = pick(["ACOMPTE FACT {r}", "REGLEMENT PARTIEL {r}", "1ER VERSEMENT FACT {r}", "ECHEANCE 1/3 FACT {r}",
                "A VALOIR SUR FACTURE {r}", "PAIEMENT PARTIEL {r} SOLDE A SUIVRE", "{r} ACOMPTE",
                "ACOMPTE 30% FACTURE {r}", "VERSEMENT 1 SUR 3 {r}", "PARTIEL {r}", "FACT {r} 1ERE ECHEANCE",
                "ECHEANCIER {r}"], part)
    style = R.choice(["canonical", "compact"])

    def render():
        refs = " ".join(write(i, style) for i in target)
        return wrap(part, name, [tpl.format(r=refs)])

    def label():
        if kind == "group":
            return review_label(cust, None, amount, "part payment of two invoices: the split is unknown")
        return apply_label(target, amount, why="part payment of the named invoice")
    return [Credit(T, part, "partial-payment", booking, amount, name, ib, render, label)]


def s_fees(T, part, booking):
    cust = T.new_customer(extras=(0, 4))
    k = R.choice([1, 1, 1, 2, 3])
    target = [T.invoice(cust, booking=booking, amount=R.randrange(20000, 2500000)) for _ in range(k)]
    fee = R.choice([250, 250, 300, 350, 500, 780, 780, 1200, 1500, 2000, 2500])
    amount = sum(i.amount for i in target) - fee
    foreign = R.random() < 0.5
    name = cust.bank_name()
    ib = iban(R.choice(["CH", "GB", "BE", "DE", "IT", "ES", "LU"])) if foreign else cust.iban
    style = R.choice(["canonical", "compact"])
    tpl = pick(SINGLE[:18], part)

    def render():
        ordered = sorted(target, key=lambda i: i.number)
        if k == 1:
            motif = single_motif(part, target[0], write(target[0], style), template=tpl)
        else:
            motif = pick(GROUP, part)([write(i, style) for i in ordered])
        return wrap(part, name, [motif])

    def label():
        ordered = sorted(target, key=lambda i: i.number)
        return apply_label(ordered, amount, fee=fee if k > 1 else 0,
                           why="bank fees of %s deducted%s" % (fr_amount(fee, 1), " by a foreign bank" if foreign else ""))
    return [Credit(T, part, "fees-deducted", booking, amount, name, ib, render, label)]


FACTORS = ["BNP PARIBAS FACTOR", "EUROFACTOR", "BPCE FACTOR", "NATIXIS FACTOR", "SOCIETE GENERALE FACTORING",
           "CIC FACTOR", "CA LEASING ET FACTORING", "LCL FACTORING"]


def s_third_party(T, part, booking):
    cust = T.new_customer(extras=(0, 4), known_iban=0.5)
    inv = T.invoice(cust, booking=booking)
    who = R.choice(["parent", "factor", "notary", "lawyer", "administrator", "parent", "factor"])
    s1, s2 = R.sample(SURNAMES, 2)
    if who == "parent":
        name = R.choice(["HOLDING " + s1, s1 + " GROUPE", "FINANCIERE " + s1, "GROUPE " + cust.core.split()[-1],
                         s1 + " INVEST"])
        ib = iban()
    elif who == "factor":
        name = R.choice(FACTORS)
        ib = factor_iban(T, name)
    elif who == "notary":
        name = R.choice(["SCP %s %s NOTAIRES" % (s1, s2), "OFFICE NOTARIAL DE " + R.choice(CITIES),
                         "SELARL %s NOTAIRE" % s1, "ETUDE DE ME %s" % s1])
        ib = iban()
    elif who == "lawyer":
        name = "CARPA " + R.choice(["DE PARIS", "DE LYON", R.choice(CITIES)])
        ib = iban()
    else:
        name = R.choice(["SELARL %s MANDATAIRE JUDICIAIRE" % s1, "AJ PARTENAIRES", "%s ET ASSOCIES AJ" % s1])
        ib = iban()
    style = R.choice(["canonical", "compact", "canonical"])
    tpl = pick(["FACT {r} POUR LE COMPTE DE {c}", "{c} FACT {r}", "REGLEMENT {r} CLIENT {c} SUBROGATION",
                "DOSSIER {n} {c} FACTURE {r}", "/ORD/{c} /FACT {r}", "{c} REGLEMENT FACTURE {r}",
                "POUR {c} FACTURE {r}", "FACT {r}", "VIR POUR COMPTE {c} REF {r}", "{r} DEBITEUR {c}"], part)
    n = "%d/%02d" % (R.randrange(1000, 99999), R.randrange(100))

    def render():
        return wrap(part, name, [tpl.format(r=write(inv, style), c=cust.core, n=n)])
    return [Credit(T, part, "third-party-payer", booking, inv.amount, name, ib, render,
                   lambda: apply_label([inv], inv.amount, why="paid by a third party (%s) naming the invoice" % who))]


def factor_iban(T, name):
    for p in T.extra_payers:
        if p["name"] == name:
            return p["iban"]
    ib = iban()
    # the factor is learnt as the payer of several customers: its IBAN identifies nobody
    for c in R.sample(T.customers, min(3, len(T.customers))):
        T.extra_payers.append({"iban": ib, "name": name, "customer": c})
    return ib


def typo(compact, kind):
    digits = [k for k, ch in enumerate(compact) if ch.isdigit()]
    for _ in range(100):
        if kind == "sub":
            k = R.choice(digits[-4:] if R.random() < 0.85 else digits)
            ch = R.choice([d for d in "0123456789" if d != compact[k]])
            out = compact[:k] + ch + compact[k + 1:]
        else:
            k = R.choice(digits[-5:-1])
            if k + 1 >= len(compact) or compact[k] == compact[k + 1] or not compact[k + 1].isdigit():
                continue
            out = compact[:k] + compact[k + 1] + compact[k] + compact[k + 2:]
        if out != compact:
            return out
    return typo(compact, "sub")


def respell(inv, compact_written):
    """The written (typo) number put back into the tenant's usual spelling."""
    n = len(inv.letters)
    body = compact_written[n:]
    yd = inv.tenant.year_digits
    return inv.letters + inv.tenant.j1 + body[:yd] + inv.tenant.j2 + body[yd:]


def s_typo(kind):
    def make(T, part, booking):
        cust = T.new_customer(extras=(0, 4))
        inv = T.invoice(cust, booking=booking)
        name, ib = payer_of(cust, new_iban=0.2)
        unconfirmed = kind == "unconfirmed"
        amount = inv.amount if not unconfirmed else inv.amount * R.choice([30, 50, 70]) // 100
        tpl = pick(SINGLE[:21], part)
        spelled = R.choice(["canonical", "compact"])
        state = {}

        def written():
            if "w" not in state:
                state["w"] = typo(inv.compact(), "swap" if kind == "swap" else "sub")
            return state["w"]

        def render():
            w = written()
            return wrap(part, name, [single_motif(part, inv, respell(inv, w) if spelled == "canonical" else w,
                                                  template=tpl)])

        def label():
            w = written()
            if unconfirmed:
                return review_label(cust, [inv], amount, "one character wrong and a part payment: nothing confirms")
            return derived(T, [("typo", w)], [inv], amount,
                           why="one %s in the number" % ("transposition" if kind == "swap" else "wrong digit"))
        scen = {"sub": "typo-digit", "swap": "typo-transposed", "unconfirmed": "typo-unconfirmed"}[kind]
        return [Credit(T, part, scen, booking, amount, name, ib, render, label)]
    return make


def s_truncated(T, part, booking):
    cust = T.new_customer(extras=(0, 4))
    inv = T.invoice(cust, booking=booking)
    name, ib = payer_of(cust)
    cut = R.choice([1, 1, 2])
    how = R.choice(["end", "field"])
    style = R.choice(["canonical", "compact"])

    def render():
        w = write(inv, style)[:-cut]
        if how == "end":
            text = pick(["FACT ", "FACTURE ", "REGLEMENT FACTURE ", "FAC ", "N ", "PAIEMENT "], part) + w
            return wrap(part, name, [text])
        # the debtor's bank keeps a fixed-width field: the number is the last thing that fits
        head = pick(["REGLEMENT %s FACTURE " % cust.core, "PAIEMENT FOURNISSEUR FACT ",
                     "%s REF FACTURE " % cust.short(), "VIREMENT FACTURE NUMERO "], part)
        shown["w"] = (head + w)[:35 + len(w)][len(head):]
        return wrap(part, name, [(head + w)[:35 + len(w)]])
    shown = {}

    def label():
        # what is left of the number in the text (a long head can cut it further, or away)
        visible = shown.get("w", write(inv, style)[:-cut])
        w = "".join(ch for ch in visible.upper() if ch.isalnum())
        if sum(ch.isdigit() for ch in w) < 3:
            return derived(T, [], [inv], inv.amount, pool_customer=cust,
                           why="number cut away entirely: the payer's open items only")
        rest = w[len(inv.letters) + len(inv.year):] if w.startswith(inv.letters + inv.year) else ""
        reading = ("trunc", (w, inv.letters, inv.year, int(rest) if rest.isdigit() else 0))
        return derived(T, [reading], [inv], inv.amount,
                       why="number missing its last %d character(s)" % (len(inv.compact()) - len(w)))
    return [Credit(T, part, "truncated-reference", booking, inv.amount, name, ib, render, label)]


def s_amount_in_text(T, part, booking):
    cust = T.new_customer(extras=(0, 4))
    kind = R.choice(["amount", "amount", "po", "siret", "dates", "per-invoice"])
    name, ib = payer_of(cust)
    style = R.choice(["canonical", "compact"])
    if kind == "per-invoice":
        a, b = T.invoice(cust, booking=booking), T.invoice(cust, booking=booking)
        pay_b = b.amount * R.choice([40, 50]) // 100
        amount = a.amount + pay_b

        def render():
            text = pick(["FACT {ra} {aa} FACT {rb} {ab}", "{ra} : {aa} EUR / {rb} : {ab} EUR",
                         "REGLT {ra} ({aa}) {rb} ({ab})", "{ra} {aa} + {rb} ACOMPTE {ab}"], part).format(
                ra=write(a, style), rb=write(b, style), aa=fr_amount(a.amount), ab=fr_amount(pay_b))
            return wrap(part, name, lines35(text) if len(text) > 60 else [text])
        return [Credit(T, part, "amount-in-text", booking, amount, name, ib, render,
                       lambda: {"outcome": "apply", "allocations": [(a, a.amount), (b, pay_b)], "feeFlexMinor": 0,
                                "unallocatedMinor": 0, "why": "amounts per invoice written in the text"})]
    inv = T.invoice(cust, booking=booking)
    other = [None]

    def render():
        r = write(inv, style)
        if kind == "amount":
            text = pick(["FACT {r} MONTANT {a} EUR", "{r} {a} EUR TTC", "REGLT FACT {r} MT {a}", "{r} POUR {a}",
                         "FACTURE {r} NET A PAYER {a}", "{a} EUR FACT {r}"], part).format(r=r, a=fr_amount(inv.amount))
        elif kind == "po":
            # an order / delivery note number, sometimes the very number of another open invoice
            others = [i for i in T.open_invoices() if i is not inv and i.customer is not cust]
            o = R.choice(others).compact() if (others and T.key == "negoce") else "45%08d" % R.randrange(10 ** 8)
            other[0] = o
            text = pick(["CDE {o} FACT {r}", "BON DE COMMANDE {o} FACTURE {r}", "BL {o} FACT {r} DU {d}",
                         "VOTRE REF {r} NOTRE REF {o}", "PO {o} INV {r}", "COMMANDE N {o} / FACTURE N {r}"],
                        part).format(o=o, r=r, d=fr_date(inv.issue))
        elif kind == "siret":
            text = pick(["SIRET {s} FACT {r}", "{r} SIREN {s9}", "FACT {r} TVA FR{k}{s9}",
                         "CLIENT {cref} SIRET {s} FACTURE {r}"], part).format(
                s="%014d" % R.randrange(10 ** 14), s9="%09d" % R.randrange(10 ** 9), k="%02d" % R.randrange(100),
                r=r, cref=cust.ref)
        else:
            text = pick(["FACT {r} DU {d} ECHUE LE {e}", "ECHEANCE {e} FACTURE {r} EMISE LE {d}",
                         "{r} {d} {e}", "FACTURE DU {d} N {r}"], part).format(
                r=r, d=fr_date(inv.issue), e=fr_date(inv.due))
        return wrap(part, name, [text])
    return [Credit(T, part, "amount-in-text", booking, inv.amount, name, ib, render,
                   lambda: apply_label([inv], inv.amount, why="other numbers in the text (%s)" % kind))]


def s_known_payer(T, part, booking):
    by = R.choice(["iban", "iban", "iban", "name"])
    cust = T.new_customer(extras=(0, 3), known_iban=1.0 if by == "iban" else 0.0)
    inv = T.invoice(cust, booking=booking)
    if R.random() < 0.2:  # a second open invoice of the same amount: which one is paid is not said
        T.invoice(cust, amount=inv.amount, booking=booking)
    if by == "name":
        cust.name_known = R.random() < 0.5
        ib = iban()
    else:
        ib = cust.iban
    name = cust.bank_name()
    tpl = pick(["VIREMENT", "{c}", "PAIEMENT", "REGLEMENT FOURNISSEUR", "FACTURE", "VIR {c}", "", "REGLEMENT",
                "PAIEMENT FACTURE", "VIREMENT {c} MARS", "PAIEMENT FOURNISSEURS"], part)

    def render():
        t = tpl.format(c=cust.short())
        return wrap(part, name, [t] if t else [])
    return [Credit(T, part, "payer-no-reference", booking, inv.amount, name, ib, render,
                   lambda: derived(T, [], [inv], inv.amount, pool_customer=cust,
                                   why="payer known by %s, no reference, amount of one open invoice" % by))]


def s_same_amount(T, part, booking):
    cust = T.new_customer(extras=(0, 2), known_iban=1.0)
    fee_amount = R.choice([2900, 4900, 8900, 9900, 14900, 24000, 36000, 125000, 180000])
    months = R.randint(3, 10)
    invs = []
    for m in range(months):
        issue = date(2026, 3, 1) - timedelta(days=30 * m)
        inv = Invoice(T, cust, fee_amount, issue)
        cust.invoices.append(inv)
        T.invoices.append(inv)
        invs.append(inv)
    kind = R.choice(["noref", "noref", "period", "two", "ref", "ref"])
    name, ib = cust.bank_name(), cust.iban
    target = [R.choice(invs)]
    amount = fee_amount if kind != "two" else 2 * fee_amount

    def render():
        if kind == "ref":
            return wrap(part, name, [single_motif(part, target[0], write(target[0], "canonical"))])
        if kind == "period":
            return wrap(part, name, [pick(["ABONNEMENT MARS 2026", "LOYER AVRIL", "COTISATION FEVRIER",
                                           "MAINTENANCE 03/2026", "ABONNEMENT 1ER TRIMESTRE"], part)])
        return wrap(part, name, [pick(["VIREMENT", "ABONNEMENT", "{c}", "PRELEVEMENT MANUEL", "MENSUALITE",
                                       "PAIEMENT MENSUEL"], part).format(c=cust.short())])

    def label():
        if kind == "ref":
            return apply_label(target, amount, why="%d invoices of the same amount, the reference names one" % months)
        return review_label(cust, None, amount, "%d open invoices of %s: which one is not said" % (
            months, fr_amount(fee_amount, 1)))
    return [Credit(T, part, "same-amount-ambiguity", booking, amount, name, ib, render, label)]


UNRELATED = [
    ("DGFIP", "REMBOURSEMENT CREDIT TVA {y}"), ("URSSAF ILE DE FRANCE", "REMBOURSEMENT COTISATIONS T4 {y}"),
    ("BPIFRANCE", "VERSEMENT SUBVENTION AIDE INNOVATION DOS{n7}"), ("REGION {reg}", "AIDE REGIONALE CONVENTION {y}-{n4}"),
    (None, "INTERETS CREDITEURS {q}"), ("M {s} {p}", "VIR SALAIRE {mo}"), ("AXA FRANCE IARD", "INDEMNISATION SINISTRE {n9}"),
    (None, "VIR COMPTE A COMPTE"), (None, "REMISE CB {n7} {k} FACT"), ("EDF", "REMBOURSEMENT TROP PERCU FACTURE {n10}"),
    ("ASP", "AIDE A L EMBAUCHE {n6}"), ("FRANCE TRAVAIL", "AIDE {mo} {y}"), ("ORANGE", "REMBT FACT {n10}"),
    ("MAAF ASSURANCES", "REMBOURSEMENT PRIME {n6}"), (None, "VERSEMENT ESPECES"), ("{bank}", "DEBLOCAGE PRET N {n8}"),
    ("AMAZON PAYMENTS EUROPE", "REMBOURSEMENT COMMANDE {n3}-{n7}-{n7}"), ("{supplier}", "AVOIR N {n6} REMBOURSEMENT"),
    ("M OU MME {s} {p}", "REMBT NOTE DE FRAIS {mo}"), ("CPAM DE {city}", "IJSS {n9}"),
    ("{supplier}", "RETROCESSION REMISE FIN ANNEE {y}"), ("SCI {s}", "REMBOURSEMENT DEPOT DE GARANTIE"),
    ("{bank}", "ANNULATION PRELEVEMENT {n8}"), ("TRESOR PUBLIC", "REMBOURSEMENT IS {y}"),
    ("STRIPE PAYMENTS EUROPE", "STRIPE PAYOUT {n6}"), ("{s} {p}", "REMBOURSEMENT PRET PERSONNEL"),
    ("MUTUELLE {reg}", "REMBOURSEMENT FRAIS {n6}"), ("{supplier}", "REMBOURSEMENT ACOMPTE COMMANDE {n5}"),
]


def s_unrelated(T, part, booking):
    payer, text = pick(UNRELATED, part)
    collide = R.random() < 0.4
    s, p = R.choice(SURNAMES), R.choice(["JEAN", "MARIE", "PIERRE", "SOPHIE", "NICOLAS", "JULIE", "ALAIN"])
    fill = dict(y=R.choice(["2025", "2026"]), n3="%03d" % R.randrange(1000), n4="%04d" % R.randrange(10 ** 4),
                n5="%05d" % R.randrange(10 ** 5), n6="%06d" % R.randrange(10 ** 6), n7="%07d" % R.randrange(10 ** 7),
                n8="%08d" % R.randrange(10 ** 8), n9="%09d" % R.randrange(10 ** 9), n10="%010d" % R.randrange(10 ** 10),
                q=R.choice(["1T2026", "T4 2025", "4EME TRIM"]), mo=R.choice(["MARS", "FEVRIER", "03/2026"]),
                reg=R.choice(["BRETAGNE", "OCCITANIE", "GRAND EST", "NORMANDIE"]), s=s, p=p, k=R.randrange(2, 40),
                city=R.choice(CITIES), bank=R.choice(["BNP PARIBAS", "CREDIT AGRICOLE", "LCL", "CIC"]),
                supplier=R.choice(["METRO FRANCE", "MANUTAN", "RS COMPONENTS", "LYRECO", "WURTH FRANCE"]))
    amount_box = [random_amount()]
    state = {}

    def amount():
        # some unrelated credits have, by chance, the amount of an open invoice somewhere in the ledger
        if "a" not in state:
            if collide:
                state["a"] = R.choice(T.open_invoices()).amount
            else:
                state["a"] = amount_box[0]
        return state["a"]
    name = payer.format(**fill) if payer else None
    c = Credit(T, part, "unrelated-credit", booking, amount, name, iban() if name else None,
               lambda: wrap(part, name, [text.format(**fill)]) if name else [text.format(**fill)], lambda: unmatched_label("not a customer payment (%s)" % text.split()[0]))
    return [c]


def s_other_customer(T, part, booking):
    a = T.new_customer(extras=(1, 4), known_iban=1.0)
    b = T.new_customer(extras=(0, 3), known_iban=0.5)
    inv_b = T.invoice(b, booking=booking)
    kind = R.choice(["b-amount", "a-amount"])
    if kind == "a-amount":
        inv_a = T.invoice(a, booking=booking)
        amount = inv_a.amount
    else:
        amount = inv_b.amount
    name, ib = a.bank_name(), a.iban
    style = R.choice(["canonical", "compact"])
    tpl = pick(SINGLE[:15], part)

    def render():
        return wrap(part, name, [single_motif(part, inv_b, write(inv_b, style), cust=a, template=tpl)])
    why = ("payer known as another customer names this invoice" if kind == "b-amount"
           else "payer known as another customer names this invoice, amount of one of its own invoices")
    return [Credit(T, part, "other-customer-invoice", booking, amount, name, ib, render,
                   lambda: review_label(None, None, amount, why))]


def s_duplicate(T, part, booking):
    cust = T.new_customer(extras=(0, 3), known_iban=0.8)
    name, ib = cust.bank_name(), cust.iban
    style = R.choice(["canonical", "compact"])
    tpl = pick(SINGLE[:18], part)
    if R.random() < 0.3:
        # the same invoice paid twice on the same statement: the second credit finds it already settled
        inv = T.invoice(cust, booking=booking)
        motif = lambda: [single_motif(part, inv, write(inv, style), template=tpl)]
        first = Credit(T, part, "duplicate-payment", booking, inv.amount, name, ib, lambda: wrap(part, name, motif()),
                       lambda: apply_label([inv], inv.amount, why="first payment of the invoice"))
        second = Credit(T, part, "duplicate-payment", booking + timedelta(days=R.randint(0, 3)), inv.amount, name, ib,
                        lambda: wrap(part, name, motif()),
                        lambda: review_label(cust, None, inv.amount, "same invoice paid a second time"))
        return [first, second]
    paid = T.invoice(cust, booking=booking, days_before=(40, 150), is_open=False)
    if R.random() < 0.5:
        T.invoice(cust, booking=booking, amount=paid.amount)  # and an open one with the same amount
    return [Credit(T, part, "duplicate-payment", booking, paid.amount, name, ib,
                   lambda: wrap(part, name, [single_motif(part, paid, write(paid, style), template=tpl)]),
                   lambda: review_label(cust, None, paid.amount, "pays an invoice that is already paid"))]


def s_overpayment(T, part, booking):
    cust = T.new_customer(extras=(0, 4))
    inv = T.invoice(cust, booking=booking)
    extra = R.choice([4000, 4000, 1235, inv.amount, 10000, R.randrange(600, 50000), 1, 50, 100, 300])
    amount = inv.amount + extra
    name, ib = payer_of(cust)
    style = R.choice(["canonical", "compact"])
    if extra == 4000:
        tpl = pick(["FACT {r} + INDEMNITE 40 EUR", "{r} ET INDEMNITE FORFAITAIRE", "FACT {r} + 40E RECOUVREMENT"], part)
    elif extra == 1235:
        tpl = pick(["REGLEMENT {r} ET INTERETS", "FACT {r} PENALITES INCLUSES", "{r} Y COMPRIS INTERETS DE RETARD"],
                   part)
    else:
        tpl = pick(["FACT {r}", "FACTURE {r}", "{r}", "REGLT FACT {r}", "PAIEMENT {r}", "V/FACT {r}"], part)

    def render():
        return wrap(part, name, [tpl.format(r=write(inv, style))])

    def label():
        if extra <= 500:
            return apply_label([inv], amount, why="overpaid by %s (rounding), kept as credit" % fr_amount(extra, 1),
                               unallocated=extra)
        return review_label(cust, [inv], amount, "overpaid by %s: unexplained remainder" % fr_amount(extra, 1),
                            unallocated=extra)
    return [Credit(T, part, "overpayment", booking, amount, name, ib, render, label)]


def s_unknown_unique_amount(T, part, booking):
    state = {}

    def amount():
        if "a" not in state:
            counts = {}
            for i in T.open_invoices():
                counts[i.amount] = counts.get(i.amount, 0) + 1
            unique = sorted(a for a, n in counts.items() if n == 1)
            state["a"] = R.choice(unique)
        return state["a"]
    s = R.choice(SURNAMES)
    name = R.choice(["M %s %s" % (s, R.choice(["JEAN", "PAUL", "LUC"])), "SCI %s" % s, "%s CONSULTING" % s,
                     "ASSOCIATION %s" % R.choice(PLACES), None])
    rem = pick(["VIREMENT", None, "VIR SEPA", "PAIEMENT", "REGLEMENT", "VIREMENT PERMANENT", "DIVERS"], part)
    return [Credit(T, part, "unknown-payer-unique-amount", booking, amount, name, iban() if name else None,
                   lambda: [rem] if rem else [],
                   lambda: review_label(None, None, amount(), "unknown payer, no reference; the amount alone"))]


def s_credit_note(T, part, booking):
    cust = T.new_customer(extras=(0, 4))
    inv = T.invoice(cust, booking=booking, amount=R.randrange(50000, 3000000))
    cn = R.randrange(1000, inv.amount // 2)
    amount = inv.amount - cn
    name, ib = payer_of(cust)
    style = R.choice(["canonical", "compact"])
    av = R.choice(["AV-2026-%04d", "AV%06d", "A2026-%05d", "AVOIR %d"]) % R.randrange(1, 400)
    tpl = pick(["FACT {r} MOINS AVOIR {av}", "FACT {r} DEDUCTION {av}", "{r} - {av}", "REGLT {r} APRES AVOIR {av}",
                "FACTURE {r} AVOIR {av} DEDUIT", "{r} {a} - {av} {b}"], part)

    def render():
        return wrap(part, name, [tpl.format(r=write(inv, style), av=av, a=fr_amount(inv.amount), b=fr_amount(cn))])
    return [Credit(T, part, "credit-note-deducted", booking, amount, name, ib, render,
                   lambda: apply_label([inv], amount, why="invoice minus a credit note named in the text"))]


SCENARIOS = [
    ("ref-exact", s_ref_exact, 30), ("ref-spelling", s_ref_spelling, 33), ("ref-charspaced", s_ref_charspaced, 24),
    ("ref-split-35", s_ref_split35, 27), ("rf-invoice", s_rf_invoice, 27), ("rf-customer", s_rf_customer, 21),
    ("end-to-end-id", s_end_to_end, 21), ("group-all-named", s_group_all, 30),
    ("group-some-named", s_group_some, 30), ("group-no-reference", s_group_noref, 24),
    ("partial-payment", s_partial, 24), ("fees-deducted", s_fees, 27), ("third-party-payer", s_third_party, 30),
    ("typo-digit", s_typo("sub"), 27), ("typo-transposed", s_typo("swap"), 24),
    ("typo-unconfirmed", s_typo("unconfirmed"), 18), ("truncated-reference", s_truncated, 24),
    ("amount-in-text", s_amount_in_text, 27), ("payer-no-reference", s_known_payer, 30),
    ("same-amount-ambiguity", s_same_amount, 27), ("unrelated-credit", s_unrelated, 36),
    ("other-customer-invoice", s_other_customer, 21), ("duplicate-payment", s_duplicate, 21),
    ("overpayment", s_overpayment, 21), ("unknown-payer-unique-amount", s_unknown_unique_amount, 18),
    ("credit-note-deducted", s_credit_note, 15),
]

# --------------------------------------------------------------------------------------------------------------------
# Build, label, write
# --------------------------------------------------------------------------------------------------------------------


def build():
    credits = []
    for T in TENANTS:  # the rest of each portfolio: customers the credits do not concern
        for _ in range(320):
            T.new_customer(extras=(1, 7), known_iban=0.6)
    for name, fn, count in SCENARIOS:
        for i in range(count):
            part = "holdout" if i % 3 == 2 else "dev"
            T = TENANTS[(i // 3 + i) % 3]
            booking = business_day(BOOK_FROM, BOOK_TO)
            credits.extend(fn(T, part, booking))
    for T in TENANTS:
        T.number_invoices()
    # amounts first (some depend on the final ledger), then texts and labels
    for c in credits:
        if callable(c.amount):
            c.amount = c.amount()
        if c.e2e is None:  # what debtors' banks put in the end-to-end id when it is not the invoice
            e2e = R.choice(["NOTPROVIDED", "NOTPROVIDED", None, None, "%016d" % R.randrange(10 ** 16),
                            "E2E%s" % "".join(R.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(12))])
            c.e2e = (lambda v: (lambda: v))(e2e) if e2e else None
    rendered = []
    for c in credits:
        lines = c.render()
        e2e = c.e2e() if c.e2e else None
        label = c.label()
        rendered.append((c, lines, e2e, label))
    return rendered


def inv_json(inv):
    return {"number": inv.number, "customer": inv.customer.ref, "issueDate": inv.issue.isoformat(),
            "dueDate": inv.due.isoformat(), "openMinor": inv.amount}


def label_json(label):
    out = {"outcome": label["outcome"]}
    if label["outcome"] == "apply":
        out["allocations"] = [{"invoice": inv.number, "amountMinor": a} for inv, a in label["allocations"]]
        if label["feeFlexMinor"]:
            out["feeFlexMinor"] = label["feeFlexMinor"]
        if label["unallocatedMinor"]:
            out["unallocatedMinor"] = label["unallocatedMinor"]
    elif label["outcome"] == "review":
        out["customer"] = label["customer"].ref if label["customer"] else None
        out["intended"] = ([{"invoice": inv.number, "amountMinor": a} for inv, a in label["intended"]]
                           if label["intended"] else None)
    out["why"] = label["why"]
    return out


def check(rendered):
    used = {}
    for c, lines, e2e, label in rendered:
        if label["outcome"] != "apply":
            continue
        total = sum(a for _, a in label["allocations"]) + label["unallocatedMinor"]
        assert total == c.amount, (c.scenario, total, c.amount)
        for inv, a in label["allocations"]:
            assert inv.open and 0 < a <= inv.amount, (c.scenario, inv.number, a, inv.amount)
            assert inv.number not in used, ("invoice applied twice", c.scenario, inv.number, used[inv.number])
            used[inv.number] = c.scenario


def main():
    rendered = build()
    check(rendered)
    files = {}
    for T in TENANTS:
        opens = sorted(T.open_invoices(), key=lambda i: (i.number))
        custs = [c for c in T.customers if c.open_invoices()]
        payers = []
        for c in T.customers:
            if c.iban_known:
                payers.append({"iban": c.iban, "name": None, "customer": c.ref})
            if c.name_known:
                payers.append({"iban": None, "name": c.bank_name(), "customer": c.ref})
        for p in T.extra_payers:
            payers.append({"iban": p["iban"], "name": p["name"], "customer": p["customer"].ref})
        files["ledger-%s.json" % T.key] = {
            "tenant": T.key, "description": T.description, "currency": "EUR",
            "customers": [{"ref": c.ref, "name": c.ledger_name} for c in custs],
            "openInvoices": [inv_json(i) for i in opens],
            "knownPayers": payers,
        }
        for part in ("dev", "holdout"):
            credits = []
            for c, lines, e2e, label in rendered:
                if c.tenant is not T or c.part != part:
                    continue
                credits.append({
                    "id": "%s-%s-%03d" % (T.key, part, len(credits) + 1), "scenario": c.scenario,
                    "bookingDate": c.booking.isoformat(), "amountMinor": c.amount, "currency": "EUR",
                    "counterpartyName": c.payer_name, "counterpartyIban": c.payer_iban,
                    "remittanceLines": lines, "endToEndId": e2e, "expected": label_json(label)})
            files["%s-%s.json" % (part, T.key)] = {"tenant": T.key, "part": part, "ledger": "ledger-%s.json" % T.key,
                                                  "credits": credits}
    check_only = "--check" in sys.argv
    stale = []
    for name, content in files.items():
        text = json.dumps(content, ensure_ascii=False, indent=1) + "\n"
        path = os.path.join(HERE, name)
        if check_only:
            with open(path, encoding="utf-8") as f:
                if f.read() != text:
                    stale.append(name)
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    counts = {}
    for c, _, _, label in rendered:
        key = (c.scenario, c.part)
        counts.setdefault(key, {"apply": 0, "review": 0, "unmatched": 0})
        counts[key][label["outcome"]] += 1
    total = {"dev": 0, "holdout": 0}
    for (scen, part), n in counts.items():
        total[part] += sum(n.values())
    print("credits: dev %d, holdout %d" % (total["dev"], total["holdout"]))
    for scen, _, _ in SCENARIOS:
        d, h = counts.get((scen, "dev"), {}), counts.get((scen, "holdout"), {})
        print("  %-28s dev %3d (apply %3d)  holdout %3d (apply %3d)" % (
            scen, sum(d.values()), d.get("apply", 0), sum(h.values()), h.get("apply", 0)))
    if stale:
        print("stale: " + ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
