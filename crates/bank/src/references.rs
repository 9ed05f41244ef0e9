//! Finding invoice numbers in a transfer's text, however the bank or the payer wrote them:
//! "F-2026-0042", "F2026-0042", "f 2026 0042" all name the same invoice.

use std::collections::{BTreeSet, HashMap};

/// Invoice numbers reduced to their letters and digits, upper case, for lookup.
#[derive(Debug, Default)]
pub struct NumberIndex {
    by_key: HashMap<String, Vec<usize>>,
    /// The lengths keys come in (a handful: one per numbering pattern).
    lengths: BTreeSet<usize>,
}

pub fn key(number: &str) -> String {
    number
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

impl NumberIndex {
    /// Indexes `numbers[i]` under its key; keys shorter than 4 characters are left out, as
    /// they would be found in any text.
    pub fn new<'a>(numbers: impl Iterator<Item = &'a str>) -> Self {
        let mut index = Self::default();
        for (i, n) in numbers.enumerate() {
            let k = key(n);
            if k.len() >= 4 {
                index.lengths.insert(k.len());
                index.by_key.entry(k).or_default().push(i);
            }
        }
        index
    }

    /// The positions of the numbers named in `text`, in the order they appear, each once.
    /// A number counts only as a whole: not preceded or followed by another letter or digit
    /// in the text ("F-2026-00421" does not name F-2026-0042).
    pub fn find(&self, text: &str) -> Vec<usize> {
        // The text's letters and digits, with where each run of them starts and ends.
        let mut chars: Vec<u8> = Vec::with_capacity(text.len());
        // boundary_before[i]: a separator (or the start) stands before chars[i].
        let mut boundary_before: Vec<bool> = Vec::with_capacity(text.len());
        let mut after_separator = true;
        for c in text.chars() {
            if c.is_ascii_alphanumeric() {
                chars.push(c.to_ascii_uppercase() as u8);
                boundary_before.push(after_separator);
                after_separator = false;
            } else {
                after_separator = true;
            }
        }
        boundary_before.push(true);
        let mut found = Vec::new();
        for start in 0..chars.len() {
            if !boundary_before[start] {
                continue;
            }
            for len in &self.lengths {
                let end = start + len;
                if end > chars.len() || !boundary_before[end] {
                    continue;
                }
                let Ok(candidate) = std::str::from_utf8(&chars[start..end]) else {
                    continue;
                };
                if let Some(ids) = self.by_key.get(candidate) {
                    for id in ids {
                        if !found.contains(id) {
                            found.push(*id);
                        }
                    }
                }
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_written_every_way() {
        let index = NumberIndex::new(["F-2026-0042", "F-2026-0043", "AB-12", "C-1"].into_iter());
        assert_eq!(index.find("VIR SEPA FACTURE F-2026-0042"), vec![0]);
        assert_eq!(index.find("f2026-0042 et F 2026 0043"), vec![0, 1]);
        assert_eq!(index.find("F-2026-0043/F-2026-0042"), vec![1, 0]);
        assert_eq!(index.find("F-2026-00421"), Vec::<usize>::new());
        assert_eq!(index.find("XF-2026-0042"), Vec::<usize>::new());
        assert_eq!(index.find("AB-12 AB12"), vec![2]);
        assert_eq!(
            index.find("C-1 C1"),
            Vec::<usize>::new(),
            "too short to tell"
        );
        assert_eq!(index.find("nothing here"), Vec::<usize>::new());
    }
}
