#!/usr/bin/env python3
"""Independent validator for French FEC files (fichier des écritures comptables).

Usage:
    python3 tests/fec/check_fec.py FILE [--siren 9DIGITS]
        [--year-start YYYYMMDD --year-end YYYYMMDD]
        [--strict] [--allow-extra-columns]
        [--numbering auto|global|journal] [--encoding auto|utf-8|iso-8859-15]

Exit status: 0 = valid (one-line summary on stdout, warnings on stderr),
1 = invalid (every error, "line N: [RULE] message", at most 50 printed plus a
count), 2 = bad command line or unreadable file.

Written only from the official texts, never from the code under test:

* Livre des procédures fiscales, article A47 A-1 (version issued by the arrêté
  of 29 July 2013), notably:
  - VI 1°: flat file; records separated by "Retour chariot et/ou Fin de ligne";
    fixed or variable length; zones "obligatoirement séparées par une
    tabulation ou le caractère |".
  - VII 1°: one file per fiscal year, entries "classées par ordre chronologique
    de validation"; the first 18 fields, in this order and spelling:
    JournalCode, JournalLib, EcritureNum, EcritureDate, CompteNum, CompteLib,
    CompAuxNum, CompAuxLib, PieceRef, PieceDate, EcritureLib, Debit, Credit,
    EcritureLet, DateLet, ValidDate, Montantdevise, Idevise.  Only fields 7, 8,
    14, 15, 17 and 18 are "à blanc si non utilisé"; EcritureNum is "le numéro
    sur une séquence continue"; CompteNum's "trois premiers caractères doivent
    correspondre à des chiffres respectant les normes du plan comptable".
  - VII 2°: Debit/Credit may be replaced by Montant/Sens; X: Sens is D/C or
    +1/-1.  VII 4°: the first line holds the field names.
  - IX: file name "SirenFECAAAAMMJJ", AAAAMMJJ = closing date of the year.
  - XII 1°: character set ASCII, ISO 8859-15 or UTF-8 (ISO/CEI 10646).
  - XII 2°: decimal comma, no thousands separator, values may be signed
    (sign first or last character).  XII 4°: dates AAAAMMJJ, no separator.
* BOI-CF-IOR-60-40-20 (BOFiP, 07/06/2017), which restates the above (header
  line, naming, coding) and the continuous, chronological numbering of
  entries.
* The DGFiP's own checker "Test Compta Demat" (github.com/DGFiP/Test-Compta-
  Demat, files fmt_arrete, trt_entete.pl, trt_txt.pl), consulted only to see
  how the administration reads the texts (BOM stripped, debit and credit both
  set or both zero raised as an alert, not an error).

Rules checked (rule id in brackets):
  [NAME]    file name <SIREN 9 digits>FEC<AAAAMMJJ>[.txt], real closing date;
            agrees with --siren / --year-end; SIREN Luhn key (warning only).
  [ENC]     UTF-8 (ASCII included) or ISO 8859-15; UTF-16/32 rejected; a
            leading UTF-8 BOM is tolerated with a warning (the text is silent,
            the DGFiP tool strips it); a BOM elsewhere is an error.  With
            --encoding auto a file that is not valid UTF-8 is read as ISO
            8859-15 with a warning (Windows-1252 bytes 0x80-0x9F then fail
            [CHAR]); --encoding utf-8 makes invalid UTF-8 an error.
  [CHAR]    no NUL, C0/C1 control character (so no tab, CR or LF) in a field.
  [EOL]     CRLF, LF (or lone CR, which VI 1° also allows), one style only.
  [EMPTY]   no blank record; at least one entry line after the header.
  [SEP]     tab or '|', detected on the header line, one per file.
  [HDR]     exactly the 18 official names, exact case, official order
            (Montant/Sens variant accepted at positions 12-13); extra columns
            are an error unless --allow-extra-columns (VII 1° allows them).
  [FIELDS]  every record has as many fields as the header.
  [REQ]     non-empty: JournalCode, JournalLib, EcritureNum, EcritureDate,
            CompteNum, CompteLib, PieceRef, PieceDate, EcritureLib, Debit,
            Credit (or Montant, Sens), ValidDate.
  [PAIR]    CompAuxNum/CompAuxLib, EcritureLet/DateLet, Montantdevise/Idevise
            are both filled or both blank.
  [DATE]    AAAAMMJJ, real calendar dates (EcritureDate, PieceDate, ValidDate,
            DateLet when present).  ValidDate >= EcritureDate is NOT required.
  [PERIOD]  EcritureDate within [--year-start, closing date], the closing date
            being --year-end or, failing it, the date in the file name.
  [AMOUNT]  decimal comma, no thousands separator, at most 2 decimals (4 for
            Montantdevise), Debit/Credit/Montant not negative.
  [DC]      on each line exactly one of Debit/Credit is non-zero.  Both
            non-zero: error.  Both zero: warning only (not forbidden by the
            text; the DGFiP tool raises a mere alert); --strict makes it fatal.
  [ACCOUNT] CompteNum starts with 3 digits, first digit = PCG class 1-7
            (class 8, "comptes spéciaux": warning; 0 and 9: error).
  [CUR]     Idevise is 3 upper-case letters (ISO 4217 shape).
  [ENTRY]   an entry = consecutive lines with the same (JournalCode,
            EcritureNum); its lines are contiguous and share EcritureDate,
            ValidDate and PieceRef (PieceRef: project rule, stricter than the
            text; differing PieceDate is a warning).
  [BAL]     each entry balances (sum Debit = sum Credit), Decimal arithmetic.
  [TOTAL]   whole-file total Debit = total Credit (skipped, with a warning,
            when some amount could not be read).
  [SEQ]     EcritureNum "<prefix><number>": within a sequence the numbers
            follow each other by +1 in file order (no gap, duplicate or
            inversion).  A sequence is one prefix either for the whole file
            (global numbering) or per JournalCode; --numbering auto keeps
            whichever reading the file satisfies (global preferred).
  [ORDER]   ValidDate never decreases through the file (VII 1°: entries
            classed in chronological order of validation, whole file). An
            EcritureDate lower than the previous entry's in a numbering
            sequence is only a warning: a back-dated entry validated later
            is in validation order.
--strict turns every warning into an error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal

OFFICIAL_COLUMNS = (
    "JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum",
    "CompteLib", "CompAuxNum", "CompAuxLib", "PieceRef", "PieceDate",
    "EcritureLib", "Debit", "Credit", "EcritureLet", "DateLet", "ValidDate",
    "Montantdevise", "Idevise",
)
# A47 A-1 VII 2°: Debit/Credit replaced by Montant/Sens.
MONTANT_SENS_COLUMNS = OFFICIAL_COLUMNS[:11] + ("Montant", "Sens") + OFFICIAL_COLUMNS[13:]
IDX = {name: i for i, name in enumerate(OFFICIAL_COLUMNS)}

# Fields not marked "à blanc si non utilisé" in A47 A-1 VII 1° (BIC/IS table).
MANDATORY = (
    "JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum",
    "CompteLib", "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit",
    "ValidDate",
)
PAIRS = (("CompAuxNum", "CompAuxLib"), ("EcritureLet", "DateLet"),
         ("Montantdevise", "Idevise"))

MAX_PRINTED = 50
ZERO = Decimal(0)

_AMOUNT_RE = re.compile(r"(?P<lead>[+-])?(?P<int>[0-9]+)(?:,(?P<frac>[0-9]+))?(?P<trail>[+-])?")
_DOT_DECIMAL_RE = re.compile(r"[+-]?[0-9]+\.[0-9]+[+-]?")
_THOUSANDS_RE = re.compile(r"[+-]?[0-9]{1,3}(?:[ .'\u00a0\u202f][0-9]{3})+(?:[,.][0-9]+)?[+-]?")
_NAME_RE = re.compile(r"(?P<siren>[0-9]{9})FEC(?P<date>[0-9]{8})(?P<ext>\..*)?")
_NUM_RE = re.compile(r"(?P<prefix>.*?)(?P<num>[0-9]+)")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\ufeff]")


@dataclass
class Issue:
    line: int | None
    rule: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line is not None else "file"
        return f"{where}: [{self.rule}] {self.message}"


@dataclass
class Report:
    name: str
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    entries: int = 0
    lines: int = 0
    total_debit: Decimal = ZERO
    total_credit: Decimal = ZERO
    encoding: str = "?"
    separator: str = "?"
    line_ending: str = "?"
    numbering: str = "?"
    unreadable_amounts: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, line: int | None, rule: str, message: str) -> None:
        self.errors.append(Issue(line, rule, message))

    def warn(self, line: int | None, rule: str, message: str) -> None:
        self.warnings.append(Issue(line, rule, message))

    def rules(self) -> set[str]:
        return {issue.rule for issue in self.errors}

    def summary(self) -> str:
        if self.ok:
            return (f"OK {self.name}: {self.entries} entries, {self.lines} lines, "
                    f"total debit {fmt(self.total_debit)} = total credit {fmt(self.total_credit)} "
                    f"[{self.encoding}, {self.separator}, {self.line_ending}, "
                    f"numbering {self.numbering}, {len(self.warnings)} warning(s)]")
        return (f"FAIL {self.name}: {len(self.errors)} error(s), {len(self.warnings)} warning(s); "
                f"{self.entries} entries, {self.lines} lines, total debit {fmt(self.total_debit)}, "
                f"total credit {fmt(self.total_credit)}")


def fmt(amount: Decimal) -> str:
    return f"{amount:.2f}".replace(".", ",")


def parse_date(value: str) -> dt.date | None:
    if not re.fullmatch(r"[0-9]{8}", value):
        return None
    try:
        return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        return None


def parse_amount(value: str, max_decimals: int, allow_negative: bool) -> tuple[Decimal | None, str | None]:
    """Parse a FEC amount (A47 A-1 XII 2°). Returns (amount, problem)."""
    m = _AMOUNT_RE.fullmatch(value)
    if m is None:
        if _DOT_DECIMAL_RE.fullmatch(value):
            return None, f"'{value}' uses a decimal point; A47 A-1 XII 2° requires a decimal comma"
        if _THOUSANDS_RE.fullmatch(value):
            return None, f"'{value}' has a thousands separator, forbidden by A47 A-1 XII 2°"
        return None, f"'{value}' is not a decimal number (digits, optional ',' and decimals)"
    if m["lead"] and m["trail"]:
        return None, f"'{value}' has two signs"
    frac = m["frac"] or ""
    if len(frac) > max_decimals:
        return None, f"'{value}' has {len(frac)} decimals, at most {max_decimals} allowed"
    negative = "-" in (m["lead"] or "", m["trail"] or "")
    amount = Decimal(f"{'-' if negative else ''}{m['int']}.{frac or '0'}")
    if negative and amount != ZERO and not allow_negative:
        return None, (f"'{value}' is negative; in the Debit/Credit form amounts are unsigned "
                      "(a negative debit belongs in Credit)")
    return amount, None


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _line_of_offset(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _check_name(rep: Report, filename: str, siren: str | None, year_end: dt.date | None) -> dt.date | None:
    base = os.path.basename(filename)
    m = _NAME_RE.fullmatch(base)
    if m is None:
        rep.error(None, "NAME", f"file name '{base}' is not <SIREN 9 digits>FEC<AAAAMMJJ>.txt (A47 A-1 IX)")
        return None
    if m["ext"] is not None and m["ext"].lower() != ".txt":
        rep.error(None, "NAME", f"file name '{base}': extension '{m['ext']}' is not .txt")
    closing = parse_date(m["date"])
    if closing is None:
        rep.error(None, "NAME", f"file name '{base}': '{m['date']}' is not a real closing date AAAAMMJJ")
    if not luhn_ok(m["siren"]):
        rep.warn(None, "NAME", f"SIREN {m['siren']} in the file name fails the Luhn key check")
    if siren is not None and m["siren"] != siren:
        rep.error(None, "NAME", f"file name SIREN {m['siren']} differs from --siren {siren}")
    if year_end is not None and closing is not None and closing != year_end:
        rep.error(None, "NAME", f"file name closing date {m['date']} differs from --year-end "
                                f"{year_end:%Y%m%d}")
    return closing


def _decode(rep: Report, data: bytes, encoding: str) -> str | None:
    for bom, label in ((b"\x00\x00\xfe\xff", "UTF-32"), (b"\xff\xfe\x00\x00", "UTF-32"),
                       (b"\xfe\xff", "UTF-16"), (b"\xff\xfe", "UTF-16")):
        if data.startswith(bom):
            rep.error(None, "ENC", f"{label} byte order mark: only ASCII, ISO 8859-15 or UTF-8 "
                                   "are allowed (A47 A-1 XII 1°)")
            return None
    if data.startswith(b"\xef\xbb\xbf"):
        if encoding == "iso-8859-15":
            rep.error(1, "ENC", "UTF-8 byte order mark in a file read as ISO 8859-15")
        else:
            rep.warn(1, "ENC", "UTF-8 byte order mark at the start of the file (tolerated: the text is "
                               "silent and the DGFiP test tool strips it)")
        data = data[3:]
    if encoding in ("auto", "utf-8"):
        try:
            text = data.decode("utf-8")
            rep.encoding = "ASCII" if data.isascii() else "UTF-8"
            return text
        except UnicodeDecodeError as exc:
            where = _line_of_offset(data, exc.start)
            if encoding == "utf-8":
                rep.error(where, "ENC", f"invalid UTF-8 byte 0x{data[exc.start]:02x} at offset {exc.start}")
                rep.encoding = "UTF-8 (invalid)"
                return data.decode("utf-8", errors="replace")
            rep.warn(where, "ENC", f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                                   "read as ISO 8859-15, which A47 A-1 XII 1° allows")
    rep.encoding = "ISO 8859-15"
    return data.decode("iso8859_15")


def _split_records(rep: Report, text: str) -> list[str]:
    """Split into physical records on CRLF, LF or CR (A47 A-1 VI 1° a) and require one style."""
    records: list[str] = []
    styles: list[str] = []
    pos = 0
    for m in re.finditer(r"\r\n|\n|\r", text):
        records.append(text[pos:m.start()])
        styles.append({"\r\n": "CRLF", "\n": "LF", "\r": "CR"}[m.group()])
        pos = m.end()
    if pos < len(text):
        records.append(text[pos:])  # last record without terminator
    if not styles:
        rep.line_ending = "none"
        return records
    counts = {k: styles.count(k) for k in ("CRLF", "LF", "CR")}
    style = max(counts, key=lambda k: counts[k])
    rep.line_ending = style
    if len(set(styles)) > 1:
        rep.error(None, "EOL", "mixed line endings: " + ", ".join(f"{v} {k}" for k, v in counts.items() if v)
                  + "; one record separator per file")
        odd = [i for i, s in enumerate(styles, start=1) if s != style]
        for no in odd[:10]:
            rep.error(no, "EOL", f"record ends with {styles[no - 1]} while the file uses {style}")
        if len(odd) > 10:
            rep.error(odd[10], "EOL", f"... and {len(odd) - 10} more record(s) with a different line ending")
    return records


def _check_header(rep: Report, header: str, allow_extra: bool) -> tuple[str, int, bool] | None:
    """Returns (separator, column count, montant_sens form) or None if unusable."""
    has_tab, has_pipe = "\t" in header, "|" in header
    if has_tab and has_pipe:
        rep.error(1, "SEP", "header holds both tab and '|': the zone separator must be unique (A47 A-1 I 4°)")
        return None
    if not has_tab and not has_pipe:
        rep.error(1, "SEP", "header has no tab or '|' separator (A47 A-1 VI 1° c)")
        return None
    sep = "\t" if has_tab else "|"
    rep.separator = "tab" if has_tab else "pipe"
    names = header.split(sep)
    montant_sens = names[11:13] == ["Montant", "Sens"]
    expected = MONTANT_SENS_COLUMNS if montant_sens else OFFICIAL_COLUMNS
    for i, want in enumerate(expected):
        if i >= len(names):
            rep.error(1, "HDR", f"header has {len(names)} columns; missing {', '.join(expected[i:])}")
            return None
        got = names[i]
        if got != want:
            hint = " (case differs)" if got.strip().lower() == want.lower() else ""
            rep.error(1, "HDR", f"header column {i + 1} is '{got}', expected '{want}'{hint} (A47 A-1 VII 1°)")
    if len(names) > len(expected):
        extra = ", ".join(repr(n) for n in names[len(expected):])
        if allow_extra:
            rep.warn(1, "HDR", f"extra columns after the 18 official ones: {extra}")
        else:
            rep.error(1, "HDR", f"{len(names) - len(expected)} extra column(s) after the 18 official ones: "
                                f"{extra} (allowed by VII 1° only with --allow-extra-columns)")
    return sep, len(names), montant_sens


@dataclass
class Line:
    no: int
    journal: str
    num: str
    ecr_date: dt.date | None
    valid_date: dt.date | None
    piece_ref: str
    piece_date: str
    debit: Decimal
    credit: Decimal
    amounts_ok: bool


def _check_record(rep: Report, no: int, fields: list[str], montant_sens: bool, strict: bool,
                  year_start: dt.date | None, year_end: dt.date | None) -> Line:
    val = {name: fields[i] for name, i in IDX.items()}
    blank = {name: v.strip(" ") == "" for name, v in val.items()}
    d_name, c_name = ("Montant", "Sens") if montant_sens else ("Debit", "Credit")

    for name in MANDATORY:
        if blank[name]:
            shown = {"Debit": d_name, "Credit": c_name}.get(name, name)
            rep.error(no, "REQ", f"{shown} is empty; it is mandatory (not 'à blanc si non utilisé' in A47 A-1 VII 1°)")
    for a, b in PAIRS:
        if blank[a] != blank[b]:
            filled, empty = (a, b) if blank[b] else (b, a)
            rep.error(no, "PAIR", f"{filled} is filled but {empty} is empty; they go together")

    dates: dict[str, dt.date | None] = {}
    for name in ("EcritureDate", "PieceDate", "ValidDate", "DateLet"):
        if blank[name]:
            dates[name] = None
            continue
        dates[name] = parse_date(val[name])
        if dates[name] is None:
            rep.error(no, "DATE", f"{name} '{val[name]}' is not a real date in AAAAMMJJ form (A47 A-1 XII 4°)")
    ed = dates["EcritureDate"]
    if ed is not None:
        if year_start is not None and ed < year_start:
            rep.error(no, "PERIOD", f"EcritureDate {ed:%Y%m%d} is before the fiscal year start {year_start:%Y%m%d}")
        if year_end is not None and ed > year_end:
            rep.error(no, "PERIOD", f"EcritureDate {ed:%Y%m%d} is after the fiscal year closing date {year_end:%Y%m%d}")

    account = val["CompteNum"]
    if not blank["CompteNum"]:
        if not re.match(r"[0-9]{3}", account):
            rep.error(no, "ACCOUNT", f"CompteNum '{account}' does not start with 3 digits (A47 A-1 VII 1°)")
        elif account[0] == "8":
            rep.warn(no, "ACCOUNT", f"CompteNum '{account}' is in PCG class 8 (special accounts)")
        elif account[0] not in "1234567":
            rep.error(no, "ACCOUNT", f"CompteNum '{account}' is not in a PCG class 1-7")

    debit = credit = ZERO
    amounts_ok = True
    if montant_sens:
        amount = None
        if not blank["Debit"]:
            amount, problem = parse_amount(val["Debit"], 2, allow_negative=False)
            if problem:
                rep.error(no, "AMOUNT", f"Montant {problem}")
        sens = val["Credit"]
        if not blank["Credit"] and sens not in ("D", "C", "+1", "-1"):
            rep.error(no, "AMOUNT", f"Sens '{sens}' is not D, C, +1 or -1 (A47 A-1 X)")
        if amount is None or sens not in ("D", "C", "+1", "-1"):
            amounts_ok = False
        elif sens in ("D", "+1"):
            debit = amount
        else:
            credit = amount
        if amounts_ok and amount == ZERO:
            (rep.error if strict else rep.warn)(no, "DC", "Montant is zero (line moves no amount)")
    else:
        parsed = {}
        for name in ("Debit", "Credit"):
            if blank[name]:
                amounts_ok = False
                continue
            amount, problem = parse_amount(val[name], 2, allow_negative=False)
            if problem:
                rep.error(no, "AMOUNT", f"{name} {problem}")
                amounts_ok = False
            parsed[name] = amount
        if amounts_ok:
            debit, credit = parsed["Debit"], parsed["Credit"]
            if debit != ZERO and credit != ZERO:
                rep.error(no, "DC", f"both Debit ({val['Debit']}) and Credit ({val['Credit']}) are non-zero; "
                                    "exactly one side must carry the amount")
            elif debit == ZERO and credit == ZERO:
                (rep.error if strict else rep.warn)(
                    no, "DC", "Debit and Credit are both zero (not forbidden by A47 A-1; flagged)")

    if not blank["Montantdevise"]:
        _, problem = parse_amount(val["Montantdevise"], 4, allow_negative=True)
        if problem:
            rep.error(no, "AMOUNT", f"Montantdevise {problem}")
    if not blank["Idevise"] and not re.fullmatch(r"[A-Z]{3}", val["Idevise"]):
        rep.error(no, "CUR", f"Idevise '{val['Idevise']}' is not an ISO 4217 code (3 upper-case letters)")

    rep.total_debit += debit
    rep.total_credit += credit
    if not amounts_ok:
        rep.unreadable_amounts += 1
    return Line(no, val["JournalCode"], val["EcritureNum"], ed, dates["ValidDate"],
                val["PieceRef"].strip(" "), val["PieceDate"].strip(" "), debit, credit, amounts_ok)


@dataclass
class Entry:
    lines: list[Line]

    @property
    def first(self) -> Line:
        return self.lines[0]

    @property
    def span(self) -> str:
        a, b = self.lines[0].no, self.lines[-1].no
        return f"lines {a}-{b}" if a != b else f"line {a}"


def _group_entries(rep: Report, lines: list[Line], strict: bool) -> list[Entry]:
    entries: list[Entry] = []
    seen: dict[tuple[str, str], int] = {}
    for ln in lines:
        if entries and (entries[-1].first.journal, entries[-1].first.num) == (ln.journal, ln.num):
            entries[-1].lines.append(ln)
            continue
        key = (ln.journal, ln.num)
        if key in seen:
            rep.error(ln.no, "ENTRY", f"entry {ln.journal}/{ln.num} resumes here after other lines; its lines "
                                      f"must be contiguous (first seen at line {seen[key]})")
        else:
            seen[key] = ln.no
        entries.append(Entry([ln]))
    for e in entries:
        f = e.first
        for ln in e.lines[1:]:
            for attr, label in (("ecr_date", "EcritureDate"), ("valid_date", "ValidDate"), ("piece_ref", "PieceRef")):
                a, b = getattr(ln, attr), getattr(f, attr)
                if a and b and a != b:  # blank or invalid values are reported by REQ / DATE
                    rep.error(ln.no, "ENTRY", f"{label} differs from the first line of entry {f.journal}/{f.num} "
                                              f"(line {f.no}); all lines of an entry share it")
            if ln.piece_date and f.piece_date and ln.piece_date != f.piece_date:
                (rep.error if strict else rep.warn)(
                    ln.no, "ENTRY", f"PieceDate differs from the first line of entry {f.journal}/{f.num} (line {f.no})")
        if not all(ln.amounts_ok for ln in e.lines):
            continue  # an unreadable amount is already reported; the sum would be meaningless
        debit = sum((ln.debit for ln in e.lines), ZERO)
        credit = sum((ln.credit for ln in e.lines), ZERO)
        if debit != credit:
            rep.error(f.no, "BAL", f"entry {f.journal}/{f.num} ({e.span}) is unbalanced: debit {fmt(debit)} "
                                   f"!= credit {fmt(credit)}")
    return entries


def _sequence_issues(entries: list[Entry], per_journal: bool) -> tuple[list[Issue], list[Issue]]:
    """Numbering continuity and EcritureDate order inside each sequence."""
    errors: list[Issue] = []
    warnings: list[Issue] = []
    last: dict[tuple[str, ...], tuple[int, Entry]] = {}
    scope = "journal " if per_journal else ""
    for e in entries:
        f = e.first
        m = _NUM_RE.fullmatch(f.num)
        if m is None:
            if f.num.strip():
                warnings.append(Issue(f.no, "SEQ", f"EcritureNum '{f.num}' does not end with a number; "
                                                   "continuity cannot be checked"))
            continue
        key = (f.journal, m["prefix"]) if per_journal else (m["prefix"],)
        num = int(m["num"])
        label = f"{scope}{f.journal} " if per_journal else ""
        if key in last:
            prev_num, prev = last[key]
            p = prev.first
            if num <= prev_num:
                errors.append(Issue(f.no, "SEQ", f"{label}EcritureNum {f.num} follows {p.num} (line {p.no}): "
                                                 "duplicate or inversion in the continuous sequence"))
            elif num != prev_num + 1:
                errors.append(Issue(f.no, "SEQ", f"{label}EcritureNum {f.num} follows {p.num} (line {p.no}): "
                                                 f"{num - prev_num - 1} number(s) missing from the sequence"))
            if f.ecr_date and p.ecr_date and f.ecr_date < p.ecr_date:
                # A warning, not an error: the text orders entries by validation (VII 1°),
                # so an entry recorded late for an earlier day (a payment entered after the
                # fact) legitimately comes after later-dated ones.
                warnings.append(Issue(f.no, "ORDER", f"{label}EcritureNum {f.num} is dated {f.ecr_date:%Y%m%d}, before "
                                                     f"{p.num} dated {p.ecr_date:%Y%m%d} (line {p.no}): a back-dated "
                                                     "entry (allowed when it was validated later)"))
        last[key] = (num, e)
    return errors, warnings


def _check_sequences(rep: Report, entries: list[Entry], numbering: str) -> None:
    if numbering == "global":
        chosen, mode = _sequence_issues(entries, False), "global"
    elif numbering == "journal":
        chosen, mode = _sequence_issues(entries, True), "per journal"
    else:
        glob = _sequence_issues(entries, False)
        if not glob[0]:
            chosen, mode = glob, "global"
        else:
            per = _sequence_issues(entries, True)
            chosen, mode = (glob, "global") if len(glob[0]) < len(per[0]) else (per, "per journal")
    rep.numbering = mode
    rep.errors.extend(chosen[0])
    rep.warnings.extend(chosen[1])

    prev: Entry | None = None
    for e in entries:
        f = e.first
        if prev is not None and f.valid_date and prev.first.valid_date and f.valid_date < prev.first.valid_date:
            p = prev.first
            rep.error(f.no, "ORDER", f"entry {f.journal}/{f.num} validated {f.valid_date:%Y%m%d} comes after entry "
                                     f"{p.journal}/{p.num} validated {p.valid_date:%Y%m%d} (line {p.no}): entries "
                                     "must be in chronological order of validation (A47 A-1 VII 1°)")
        if f.valid_date:
            prev = e


def check_bytes(data: bytes, filename: str, *, siren: str | None = None,
                year_start: dt.date | None = None, year_end: dt.date | None = None,
                strict: bool = False, allow_extra_columns: bool = False,
                numbering: str = "auto", encoding: str = "auto") -> Report:
    """Validate the content `data` of a FEC named `filename`."""
    rep = Report(os.path.basename(filename))
    closing = _check_name(rep, filename, siren, year_end)
    year_end = year_end or closing

    text = _decode(rep, data, encoding)
    if text is None:
        return _finish(rep, strict)
    records = _split_records(rep, text)
    if not records:
        rep.error(None, "EMPTY", "the file is empty (no header line)")
        return _finish(rep, strict)
    header = _check_header(rep, records[0], allow_extra_columns)
    if header is None:
        return _finish(rep, strict)
    sep, ncols, montant_sens = header

    lines: list[Line] = []
    for i, record in enumerate(records[1:], start=2):
        if record.strip(" ") == "":
            rep.error(i, "EMPTY", "blank record")
            continue
        rep.lines += 1
        fields = record.split(sep)
        if len(fields) != ncols:
            rep.error(i, "FIELDS", f"{len(fields)} fields, expected {ncols} (a stray separator or a missing zone)")
            continue
        for j, value in enumerate(fields):
            bad = _CONTROL_RE.search(value)
            if bad:
                col = OFFICIAL_COLUMNS[j] if j < len(OFFICIAL_COLUMNS) else f"column {j + 1}"
                rep.error(i, "CHAR", f"{col} contains control character U+{ord(bad.group()):04X} "
                                     "(tab, CR, LF and other controls are not allowed inside a field)")
        lines.append(_check_record(rep, i, fields, montant_sens, strict, year_start, year_end))
    if rep.lines == 0:
        rep.error(None, "EMPTY", "no entry line after the header")

    entries = _group_entries(rep, lines, strict)
    rep.entries = len(entries)
    _check_sequences(rep, entries, numbering)
    if rep.unreadable_amounts:
        rep.warn(None, "TOTAL", f"{rep.unreadable_amounts} line(s) with unreadable amounts left out of the totals")
    elif rep.total_debit != rep.total_credit:
        rep.error(None, "TOTAL", f"total debit {fmt(rep.total_debit)} != total credit {fmt(rep.total_credit)}")
    return _finish(rep, strict)


def _finish(rep: Report, strict: bool) -> Report:
    if strict and rep.warnings:
        rep.errors.extend(rep.warnings)
        rep.warnings = []
    rep.errors.sort(key=lambda x: (x.line if x.line is not None else 0))
    rep.warnings.sort(key=lambda x: (x.line if x.line is not None else 0))
    return rep


def check_file(path: str, **kwargs) -> Report:
    with open(path, "rb") as fh:
        return check_bytes(fh.read(), path, **kwargs)


def _date_arg(value: str) -> dt.date:
    d = parse_date(value)
    if d is None:
        raise argparse.ArgumentTypeError(f"'{value}' is not a real date YYYYMMDD")
    return d


def _siren_arg(value: str) -> str:
    if not re.fullmatch(r"[0-9]{9}", value):
        raise argparse.ArgumentTypeError(f"'{value}' is not 9 digits")
    return value


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Validate a French FEC file (LPF art. A47 A-1).")
    ap.add_argument("file")
    ap.add_argument("--siren", type=_siren_arg)
    ap.add_argument("--year-start", type=_date_arg)
    ap.add_argument("--year-end", type=_date_arg)
    ap.add_argument("--strict", action="store_true", help="treat warnings as errors")
    ap.add_argument("--allow-extra-columns", action="store_true",
                    help="accept columns after the 18 official ones (A47 A-1 VII 1°)")
    ap.add_argument("--numbering", choices=("auto", "global", "journal"), default="auto")
    ap.add_argument("--encoding", choices=("auto", "utf-8", "iso-8859-15"), default="auto")
    args = ap.parse_args(argv)
    if args.year_start and args.year_end and args.year_start > args.year_end:
        ap.error("--year-start is after --year-end")
    try:
        rep = check_file(args.file, siren=args.siren, year_start=args.year_start, year_end=args.year_end,
                         strict=args.strict, allow_extra_columns=args.allow_extra_columns,
                         numbering=args.numbering, encoding=args.encoding)
    except OSError as exc:
        print(f"cannot read {args.file}: {exc}", file=sys.stderr)
        return 2
    for w in rep.warnings[:MAX_PRINTED]:
        print(f"warning: {w}", file=sys.stderr)
    if len(rep.warnings) > MAX_PRINTED:
        print(f"warning: ... and {len(rep.warnings) - MAX_PRINTED} more warning(s)", file=sys.stderr)
    if rep.ok:
        print(rep.summary())
        return 0
    for e in rep.errors[:MAX_PRINTED]:
        print(e)
    if len(rep.errors) > MAX_PRINTED:
        print(f"... and {len(rep.errors) - MAX_PRINTED} more error(s) not shown")
    print(rep.summary())
    return 1


if __name__ == "__main__":
    sys.exit(main())
