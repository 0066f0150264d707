//! Bytes → text: detect the encoding of a file from its bytes, after ruling out binary content.
//!
//! GB18030 maps almost any byte string to *some* characters, so "it decoded" proves nothing: a
//! file is sniffed for magic numbers, NUL bytes and control characters first, and a GB18030
//! decoding must also look like text (mostly CJK, ASCII and punctuation) to be accepted.

use crate::document::Encoding;

/// Why a file's bytes are not text zhengce can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The bytes start with the signature of a known binary format.
    Binary(&'static str),
    /// The bytes contain NUL bytes or too many control characters.
    ControlBytes,
    /// The bytes are valid in none of the supported encodings.
    Undecodable,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Binary(kind) => write!(f, "binary file ({kind}), not text"),
            DecodeError::ControlBytes => {
                write!(f, "binary content (NUL or control bytes), not text")
            }
            DecodeError::Undecodable => {
                write!(f, "not valid UTF-8, UTF-16 or GB18030/GBK text")
            }
        }
    }
}

/// Signatures of binary formats people keep beside their documents.
const MAGIC_NUMBERS: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"PK\x05\x06", "ZIP archive"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "legacy Office document (.doc/.wps/.xls)",
    ),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"\x7fELF", "executable"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"{\\rtf", "RTF document"),
    (b"RIFF", "RIFF media"),
    (b"\x00\x00\x01\x00", "icon"),
];

/// How many leading bytes the binary sniff looks at.
const SNIFF_LEN: usize = 8192;

/// Decodes a file's bytes into text, returning the text and the encoding it was in.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), DecodeError> {
    if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
        return utf8(rest, Encoding::Utf8Bom);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xff\xfe") {
        return utf16(rest, encoding_rs::UTF_16LE, Encoding::Utf16Le);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xfe\xff") {
        return utf16(rest, encoding_rs::UTF_16BE, Encoding::Utf16Be);
    }
    sniff_binary(bytes)?;
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_owned(), Encoding::Utf8));
    }
    let (text, had_errors) = encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map_or((None, true), |t| (Some(t), false));
    match text {
        Some(text) if !had_errors && looks_like_text(&text) => {
            Ok((text.into_owned(), Encoding::Gb18030))
        }
        _ => Err(DecodeError::Undecodable),
    }
}

fn utf8(bytes: &[u8], encoding: Encoding) -> Result<(String, Encoding), DecodeError> {
    let text = std::str::from_utf8(bytes).map_err(|_| DecodeError::Undecodable)?;
    check_controls(text)?;
    Ok((text.to_owned(), encoding))
}

fn utf16(
    bytes: &[u8],
    codec: &'static encoding_rs::Encoding,
    encoding: Encoding,
) -> Result<(String, Encoding), DecodeError> {
    let text = codec
        .decode_without_bom_handling_and_without_replacement(bytes)
        .ok_or(DecodeError::Undecodable)?;
    check_controls(&text)?;
    Ok((text.into_owned(), encoding))
}

/// Rejects bytes that start with a known binary signature or hold NUL or control bytes.
fn sniff_binary(bytes: &[u8]) -> Result<(), DecodeError> {
    for (magic, kind) in MAGIC_NUMBERS {
        if bytes.starts_with(magic) {
            return Err(DecodeError::Binary(kind));
        }
    }
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    if head.contains(&0) {
        return Err(DecodeError::ControlBytes);
    }
    let controls = head.iter().filter(|&&b| is_binary_control(b)).count();
    if controls * 100 > head.len() {
        return Err(DecodeError::ControlBytes);
    }
    Ok(())
}

/// A control byte that text files do not contain (tab, newlines, form feed and escape are allowed).
fn is_binary_control(byte: u8) -> bool {
    byte < 0x20 && !matches!(byte, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b)
}

fn check_controls(text: &str) -> Result<(), DecodeError> {
    let head: Vec<char> = text.chars().take(SNIFF_LEN).collect();
    let controls = head
        .iter()
        .filter(|&&c| c == '\0' || (c.is_ascii() && is_binary_control(c as u8)))
        .count();
    if controls * 100 > head.len().max(1) {
        return Err(DecodeError::ControlBytes);
    }
    Ok(())
}

/// Whether a GB18030 decoding reads as Chinese text rather than noise: nearly every character is
/// ASCII, CJK, or common punctuation, and at least some are CJK.
fn looks_like_text(text: &str) -> bool {
    let mut total = 0usize;
    let mut plausible = 0usize;
    let mut cjk = 0usize;
    for c in text.chars().take(SNIFF_LEN) {
        total += 1;
        if crate::text::is_cjk(c) {
            cjk += 1;
            plausible += 1;
        } else if (c.is_ascii() && !is_binary_control(c as u8))
            || matches!(c as u32, 0x2000..=0x206F | 0x3000..=0x303F | 0xFF00..=0xFFEF | 0x00B7 | 0x00D7 | 0x2460..=0x24FF | 0x25A0..=0x25FF)
        {
            plausible += 1;
        }
    }
    total == 0 || (cjk > 0 && plausible * 100 >= total * 95)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_plain_and_with_bom() {
        assert_eq!(
            decode("编制".as_bytes()).unwrap(),
            ("编制".into(), Encoding::Utf8)
        );
        let mut bom = b"\xef\xbb\xbf".to_vec();
        bom.extend_from_slice("编制".as_bytes());
        assert_eq!(decode(&bom).unwrap(), ("编制".into(), Encoding::Utf8Bom));
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xff, 0xfe];
        for unit in "经开区 2019".encode_utf16() {
            le.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(
            decode(&le).unwrap(),
            ("经开区 2019".into(), Encoding::Utf16Le)
        );
        let mut be = vec![0xfe, 0xff];
        for unit in "管委会".encode_utf16() {
            be.extend_from_slice(&unit.to_be_bytes());
        }
        assert_eq!(decode(&be).unwrap(), ("管委会".into(), Encoding::Utf16Be));
    }

    #[test]
    fn gbk_is_detected() {
        let (bytes, _, _) = encoding_rs::GBK.encode("经开区机关核定专项编制45人。");
        assert_eq!(
            decode(&bytes).unwrap(),
            ("经开区机关核定专项编制45人。".into(), Encoding::Gb18030)
        );
    }

    #[test]
    fn binary_is_refused() {
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Err(DecodeError::Binary("PNG image"))
        );
        assert_eq!(decode(b"abc\0def"), Err(DecodeError::ControlBytes));
        assert_eq!(
            decode(&[0x80, 0xff].repeat(64)),
            Err(DecodeError::Undecodable)
        );
    }

    #[test]
    fn random_high_bytes_are_not_gbk_text() {
        // Valid GB18030 pairs that decode to rare characters and symbols, not prose.
        let noise: Vec<u8> = (0..200u32)
            .flat_map(|i| [0xa1 + (i % 8) as u8, 0xa1 + (i * 7 % 90) as u8])
            .collect();
        assert!(decode(&noise).is_err());
    }
}
