"""Self-test of check_fec.py: one tiny valid FEC and deliberately broken ones.

Run from the repository root:  python3 -m unittest discover -s tests/fec
"""

import datetime as dt
import os
import subprocess
import sys
import tempfile
import unittest

import check_fec

HERE = os.path.dirname(os.path.abspath(__file__))
NAME = "732829320FEC20241231.txt"  # 732829320 passes the SIREN Luhn check
COLS = check_fec.OFFICIAL_COLUMNS


def row(**kw):
    base = dict(JournalCode="VT", JournalLib="Ventes", EcritureNum="1", EcritureDate="20240115",
                CompteNum="411000", CompteLib="Clients", CompAuxNum="", CompAuxLib="",
                PieceRef="F2024-001", PieceDate="20240115", EcritureLib="Facture F2024-001",
                Debit="0,00", Credit="0,00", EcritureLet="", DateLet="", ValidDate="20240115",
                Montantdevise="", Idevise="")
    base.update(kw)
    return base


def valid_rows():
    """Two sales invoices and one bank receipt, numbered per journal."""
    return [
        row(CompAuxNum="C001", CompAuxLib="Client A", Debit="120,00", EcritureLet="AA", DateLet="20240120"),
        row(CompteNum="706000", CompteLib="Prestations de services", Credit="100,00"),
        row(CompteNum="445710", CompteLib="TVA collectée", Credit="20,00"),
        row(EcritureNum="2", EcritureDate="20240210", PieceRef="F2024-002", PieceDate="20240210",
            EcritureLib="Facture F2024-002", ValidDate="20240210", CompAuxNum="C002",
            CompAuxLib="Client B", Debit="60,50", Montantdevise="65,10", Idevise="USD"),
        row(EcritureNum="2", EcritureDate="20240210", PieceRef="F2024-002", PieceDate="20240210",
            EcritureLib="Facture F2024-002", ValidDate="20240210", CompteNum="706000",
            CompteLib="Prestations de services", Credit="60,50"),
        row(JournalCode="BQ", JournalLib="Banque", EcritureNum="1", EcritureDate="20240220",
            CompteNum="512000", CompteLib="Banque", PieceRef="REL-02", PieceDate="20240220",
            EcritureLib="Règlement F2024-001", Debit="120,00", ValidDate="20240220"),
        row(JournalCode="BQ", JournalLib="Banque", EcritureNum="1", EcritureDate="20240220",
            CompAuxNum="C001", CompAuxLib="Client A", PieceRef="REL-02", PieceDate="20240220",
            EcritureLib="Règlement F2024-001", Credit="120,00", EcritureLet="AA", DateLet="20240120",
            ValidDate="20240220"),
    ]


def build(rows, sep="\t", eol="\r\n", header=COLS, encoding="utf-8", final_eol=True):
    lines = [sep.join(header)] + [sep.join(r[c] for c in COLS) for r in rows]
    text = eol.join(lines) + (eol if final_eol else "")
    return text.encode(encoding)


def check(data, name=NAME, **kw):
    return check_fec.check_bytes(data, name, **kw)


class ValidFiles(unittest.TestCase):
    def test_valid_tab_crlf(self):
        rep = check(build(valid_rows()))
        self.assertTrue(rep.ok, [str(e) for e in rep.errors])
        self.assertEqual((rep.entries, rep.lines), (3, 7))
        self.assertEqual(rep.total_debit, rep.total_credit)
        self.assertEqual(str(rep.total_debit), "300.50")
        self.assertEqual(rep.numbering, "per journal")
        self.assertEqual(rep.warnings, [])

    def test_valid_with_options(self):
        rep = check(build(valid_rows()), siren="732829320", year_start=dt.date(2024, 1, 1),
                    year_end=dt.date(2024, 12, 31), strict=True)
        self.assertTrue(rep.ok, [str(e) for e in rep.errors])

    def test_valid_pipe_lf_no_final_newline(self):
        rep = check(build(valid_rows(), sep="|", eol="\n", final_eol=False))
        self.assertTrue(rep.ok, [str(e) for e in rep.errors])
        self.assertEqual(rep.separator, "pipe")

    def test_global_numbering(self):
        rows = valid_rows()
        for r in rows[5:]:
            r["EcritureNum"] = "3"
        rep = check(build(rows))
        self.assertTrue(rep.ok, [str(e) for e in rep.errors])
        self.assertEqual(rep.numbering, "global")

    def test_iso_8859_15_accepted(self):
        rows = valid_rows()
        rows[1]["EcritureLib"] = "Prestation €"
        rep = check(build(rows, encoding="iso8859_15"))
        self.assertTrue(rep.ok, [str(e) for e in rep.errors])
        self.assertEqual(rep.encoding, "ISO 8859-15")

    def test_utf8_bom_is_warning(self):
        rep = check(b"\xef\xbb\xbf" + build(valid_rows()))
        self.assertTrue(rep.ok)
        self.assertIn("ENC", {w.rule for w in rep.warnings})
        self.assertFalse(check(b"\xef\xbb\xbf" + build(valid_rows()), strict=True).ok)

    def test_montant_sens_variant(self):
        header = check_fec.MONTANT_SENS_COLUMNS
        rows = valid_rows()
        for r in rows:
            d, c = r["Debit"], r["Credit"]
            r["Debit"], r["Credit"] = (d, "D") if d != "0,00" else (c, "C")
        rep = check(build(rows, header=header))
        self.assertTrue(rep.ok, [str(e) for e in rep.errors])


class BrokenFiles(unittest.TestCase):
    def assertRule(self, rep, rule):
        self.assertFalse(rep.ok)
        self.assertIn(rule, rep.rules(), [str(e) for e in rep.errors])

    def test_file_name(self):
        self.assertRule(check(build(valid_rows()), name="export.txt"), "NAME")
        self.assertRule(check(build(valid_rows()), name="732829320FEC20240231.txt"), "NAME")
        self.assertRule(check(build(valid_rows()), siren="552100554"), "NAME")
        self.assertRule(check(build(valid_rows()), year_end=dt.date(2024, 6, 30)), "NAME")

    def test_header_case_and_order(self):
        header = list(COLS)
        header[16] = "MontantDevise"
        self.assertRule(check(build(valid_rows(), header=header)), "HDR")
        header = list(COLS)
        header[0], header[1] = header[1], header[0]
        self.assertRule(check(build(valid_rows(), header=header)), "HDR")

    def test_extra_column(self):
        data = build(valid_rows()).replace(b"\r\n", b"\tX\r\n")
        self.assertRule(check(data), "HDR")
        self.assertTrue(check(data, allow_extra_columns=True).ok)

    def test_no_separator(self):
        self.assertRule(check(build(valid_rows(), sep=";")), "SEP")

    def test_field_count(self):
        rows = valid_rows()
        rows[1]["EcritureLib"] = "Presta\tbonus"
        self.assertRule(check(build(rows)), "FIELDS")

    def test_control_char_in_field(self):
        rows = valid_rows()
        rows[1]["EcritureLib"] = "Presta\x0bbonus"
        self.assertRule(check(build(rows)), "CHAR")

    def test_mixed_line_endings(self):
        data = build(valid_rows())
        data = data.replace(b"\r\n", b"\n", 2)
        self.assertRule(check(data), "EOL")

    def test_blank_line(self):
        data = build(valid_rows()).replace(b"\r\nBQ", b"\r\n\r\nBQ", 1)
        self.assertRule(check(data), "EMPTY")

    def test_header_only(self):
        self.assertRule(check(build([])), "EMPTY")

    def test_mandatory_field(self):
        rows = valid_rows()
        rows[2]["PieceRef"] = ""
        self.assertRule(check(build(rows)), "REQ")

    def test_pairs(self):
        rows = valid_rows()
        rows[0]["DateLet"] = ""
        self.assertRule(check(build(rows)), "PAIR")
        rows = valid_rows()
        rows[3]["Idevise"] = ""
        self.assertRule(check(build(rows)), "PAIR")

    def test_bad_dates(self):
        rows = valid_rows()
        rows[5]["PieceDate"] = "20240230"
        self.assertRule(check(build(rows)), "DATE")
        rows = valid_rows()
        rows[5]["ValidDate"] = rows[6]["ValidDate"] = "2024-02-20"
        self.assertRule(check(build(rows)), "DATE")

    def test_period(self):
        rep = check(build(valid_rows()), year_start=dt.date(2024, 2, 1), year_end=dt.date(2024, 12, 31))
        self.assertRule(rep, "PERIOD")
        rep = check(build(valid_rows()), name="732829320FEC20240131.txt")
        self.assertRule(rep, "PERIOD")

    def test_amount_formats(self):
        for bad in ("120.00", "1 120,00", "120,001", "-120,00", "12O,00", ""):
            rows = valid_rows()
            rows[0]["Debit"] = bad
            rep = check(build(rows))
            self.assertFalse(rep.ok, bad)
            self.assertTrue({"AMOUNT", "REQ"} & rep.rules(), (bad, [str(e) for e in rep.errors]))

    def test_debit_and_credit_both_set(self):
        rows = valid_rows()
        rows[0]["Credit"] = "1,00"
        self.assertRule(check(build(rows)), "DC")

    def test_both_zero_is_warning_unless_strict(self):
        rows = valid_rows()
        rows.insert(3, row(CompteNum="445710", CompteLib="TVA collectée"))
        rep = check(build(rows))
        self.assertTrue(rep.ok, [str(e) for e in rep.errors])
        self.assertIn("DC", {w.rule for w in rep.warnings})
        self.assertRule(check(build(rows), strict=True), "DC")

    def test_unbalanced_entry(self):
        rows = valid_rows()
        rows[2]["Credit"] = "19,99"
        rep = check(build(rows))
        self.assertRule(rep, "BAL")
        self.assertIn("TOTAL", rep.rules())

    def test_numbering_gap(self):
        rows = valid_rows()
        for r in rows[3:5]:
            r["EcritureNum"] = "3"
        self.assertRule(check(build(rows)), "SEQ")

    def test_entry_not_contiguous(self):
        rows = valid_rows()
        rows[2], rows[3] = rows[3], rows[2]
        self.assertRule(check(build(rows)), "ENTRY")

    def test_entry_lines_disagree(self):
        rows = valid_rows()
        rows[2]["PieceRef"] = "F2024-999"
        self.assertRule(check(build(rows)), "ENTRY")
        rows = valid_rows()
        rows[2]["EcritureDate"] = "20240116"
        self.assertRule(check(build(rows)), "ENTRY")

    def test_validation_order(self):
        rows = valid_rows()
        rows[5]["ValidDate"] = rows[6]["ValidDate"] = "20240205"
        self.assertRule(check(build(rows)), "ORDER")

    def test_back_dated_entry_is_a_warning_only(self):
        # Validation order is the rule (VII 1°); an entry dated earlier than the one before
        # it, but validated later, is in order: warned about, not refused.
        rows = valid_rows()
        for r in rows[3:5]:
            r["EcritureDate"] = "20240110"
        rep = check(build(rows))
        self.assertTrue(rep.ok, [str(e) for e in rep.errors])
        self.assertIn("ORDER", [w.rule for w in rep.warnings])

    def test_account_number(self):
        rows = valid_rows()
        rows[1]["CompteNum"] = "A706"
        self.assertRule(check(build(rows)), "ACCOUNT")
        rows = valid_rows()
        rows[1]["CompteNum"] = "906000"
        self.assertRule(check(build(rows)), "ACCOUNT")

    def test_currency_code(self):
        rows = valid_rows()
        rows[3]["Idevise"] = "usd"
        self.assertRule(check(build(rows)), "CUR")

    def test_encoding(self):
        rows = valid_rows()
        rows[1]["EcritureLib"] = "Prestation €"
        # '€' in Windows-1252 is byte 0x80, a C1 control in ISO 8859-15.
        self.assertRule(check(build(rows, encoding="cp1252")), "CHAR")
        self.assertRule(check(build(rows, encoding="iso8859_15"), encoding="utf-8"), "ENC")
        self.assertRule(check(build(rows, encoding="utf-16")), "ENC")


class CommandLine(unittest.TestCase):
    def run_cli(self, data, *args, name=NAME):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, name)
            with open(path, "wb") as fh:
                fh.write(data)
            return subprocess.run([sys.executable, os.path.join(HERE, "check_fec.py"), path, *args],
                                  capture_output=True, text=True)

    def test_ok_one_line(self):
        res = self.run_cli(build(valid_rows()), "--siren", "732829320",
                           "--year-start", "20240101", "--year-end", "20241231")
        self.assertEqual(res.returncode, 0, res.stdout + res.stderr)
        self.assertEqual(len(res.stdout.splitlines()), 1)
        self.assertIn("total debit 300,50 = total credit 300,50", res.stdout)

    def test_errors_capped(self):
        rows = valid_rows() * 20  # 140 lines: many non-contiguous / duplicate entries
        for r in rows:
            r["Debit"] = r["Debit"].replace(",", ".")
        res = self.run_cli(build(rows))
        self.assertEqual(res.returncode, 1)
        out = res.stdout.splitlines()
        self.assertEqual(sum(1 for line in out if line.startswith("line ") or line.startswith("file:")), 50)
        self.assertTrue(any("more error(s) not shown" in line for line in out))
        self.assertTrue(out[-1].startswith("FAIL"))

    def test_bad_usage(self):
        res = self.run_cli(build(valid_rows()), "--siren", "12345")
        self.assertEqual(res.returncode, 2)


if __name__ == "__main__":
    unittest.main()
