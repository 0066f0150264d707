//! Zip archives, read with bounded inflation: the container format of .docx, and `.zip` folders
//! of documents whose supported members are indexed one by one.
//!
//! A member's declared size is checked before it is inflated and its actual output is cut off
//! one byte past the cap, so a zip bomb (a small file that inflates to gigabytes) costs at most
//! the cap. Member names without the UTF-8 flag are the bytes of the local code page, which for
//! Chinese archives is GBK: names that are not valid UTF-8 are decoded as GB18030.

use std::io::{Cursor, Read};

use super::extract::{ExtractError, Limits, Part};
use crate::document::Format;

/// A zip archive opened from memory, with an inflation budget shared by all its members.
pub struct BoundedZip<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    limits: Limits,
    inflated: u64,
}

impl<'a> BoundedZip<'a> {
    /// Opens an archive; refuses one that lists more members than `limits` allow.
    pub fn open(bytes: &'a [u8], limits: &Limits) -> Result<Self, ExtractError> {
        let archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(zip_error)?;
        if archive.len() > limits.members {
            return Err(ExtractError::Hostile(format!(
                "the archive lists {} members, over the limit of {}",
                archive.len(),
                limits.members
            )));
        }
        Ok(BoundedZip {
            archive,
            limits: *limits,
            inflated: 0,
        })
    }

    /// How many members the archive lists.
    pub fn len(&self) -> usize {
        self.archive.len()
    }

    /// Whether the archive lists no members.
    pub fn is_empty(&self) -> bool {
        self.archive.len() == 0
    }

    /// The name of member `index` (GBK names decoded) and whether it is a folder.
    pub fn name(&mut self, index: usize) -> Result<(String, bool), ExtractError> {
        let file = self.archive.by_index_raw(index).map_err(zip_error)?;
        Ok((member_name(file.name_raw()), file.is_dir()))
    }

    /// Inflates member `index`, within the per-member cap and what is left of the total budget.
    pub fn read(&mut self, index: usize) -> Result<Vec<u8>, ExtractError> {
        let left = self.limits.total_bytes.saturating_sub(self.inflated);
        let cap = self.limits.member_bytes.min(left);
        let mut file = self.archive.by_index(index).map_err(zip_error)?;
        if file.size() > cap {
            return Err(too_big(file.size(), cap, &self.limits, true));
        }
        let mut bytes = Vec::with_capacity(file.size() as usize);
        (&mut file)
            .take(cap + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| ExtractError::Malformed(format!("inflating a member failed: {e}")))?;
        if bytes.len() as u64 > cap {
            return Err(too_big(bytes.len() as u64, cap, &self.limits, false));
        }
        self.inflated += bytes.len() as u64;
        Ok(bytes)
    }

    /// Inflates the member with this exact name, if the archive has one.
    pub fn read_named(&mut self, name: &str) -> Result<Option<Vec<u8>>, ExtractError> {
        match self.archive.index_for_name(name) {
            Some(index) => self.read(index).map(Some),
            None => Ok(None),
        }
    }
}

/// The refusal of a member that is, or says it is, `size` bytes when `cap` is left.
fn too_big(size: u64, cap: u64, limits: &Limits, declared: bool) -> ExtractError {
    let limit = if cap < limits.member_bytes {
        format!(
            "the {} MB the archive may inflate to in all",
            limits.total_bytes / 1_048_576
        )
    } else {
        format!(
            "the {} MB a member may inflate to",
            limits.member_bytes / 1_048_576
        )
    };
    let size = if declared {
        format!("declares {:.1} MB", size as f64 / 1_048_576.0)
    } else {
        "inflates".to_owned()
    };
    ExtractError::Hostile(format!("a member {size}, past {limit} (a zip bomb?)"))
}

/// A zip error in the user's words.
pub fn zip_error(err: zip::result::ZipError) -> ExtractError {
    let text = err.to_string();
    if text.to_ascii_lowercase().contains("password") {
        ExtractError::Encrypted
    } else {
        ExtractError::Malformed(format!("not a readable zip archive ({text})"))
    }
}

/// A member name from its raw bytes: UTF-8 when valid, else GB18030 (GBK).
pub fn member_name(raw: &[u8]) -> String {
    match std::str::from_utf8(raw) {
        Ok(name) => name.to_owned(),
        Err(_) => encoding_rs::GB18030.decode(raw).0.into_owned(),
    }
}

/// Reads a `.zip` of documents: each supported member becomes a document, every other member a
/// skip with its reason. Members that are archives themselves are not opened.
pub fn extract(bytes: &[u8], limits: &Limits) -> Result<Vec<Part>, ExtractError> {
    let mut zip = BoundedZip::open(bytes, limits)?;
    let mut parts = Vec::new();
    for index in 0..zip.len() {
        let (member, is_dir) = zip.name(index)?;
        if is_dir {
            continue;
        }
        let format = match super::format_of_name(&member) {
            Ok(Format::Zip) => {
                parts.push(Part::Skipped {
                    member,
                    reason: "an archive inside an archive is not opened".into(),
                });
                continue;
            }
            Ok(format) => format,
            Err(reason) => {
                parts.push(Part::Skipped { member, reason });
                continue;
            }
        };
        let read = zip
            .read(index)
            .and_then(|member_bytes| super::extract::extract(format, &member_bytes, limits));
        match read {
            // A member that is several documents (a data export's rows) names them under it.
            Ok(read) => parts.extend(read.into_iter().map(|part| match part {
                Part::Document(mut extracted) => {
                    extracted.member = Some(match extracted.member {
                        Some(inner) => format!("{member}/{inner}"),
                        None => member.clone(),
                    });
                    Part::Document(extracted)
                }
                Part::Skipped {
                    member: inner,
                    reason,
                } => Part::Skipped {
                    member: format!("{member}/{inner}"),
                    reason,
                },
            })),
            // Past the total budget nothing more can be read: the whole archive is refused.
            Err(ExtractError::Hostile(why)) => return Err(ExtractError::Hostile(why)),
            Err(err) => parts.push(Part::Skipped {
                member,
                reason: err.to_string(),
            }),
        }
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A zip archive of the given (name, content) members.
    fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        {
            let mut writer = zip::ZipWriter::new(&mut out);
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            for (name, content) in members {
                writer.start_file(*name, options).unwrap();
                writer.write_all(content).unwrap();
            }
            writer.finish().unwrap();
        }
        out.into_inner()
    }

    #[test]
    fn gbk_names_are_decoded() {
        let (gbk, _, _) = encoding_rs::GBK.encode("公务员登记表.txt");
        assert_eq!(member_name(&gbk), "公务员登记表.txt");
        assert_eq!(member_name("已是UTF-8.txt".as_bytes()), "已是UTF-8.txt");
    }

    #[test]
    fn members_are_read_and_others_reported() {
        let bytes = zip_of(&[
            ("a.txt", "甲方核定专项编制十名。".as_bytes()),
            ("b.rar", b"Rar!\x1a\x07"),
            ("c.zip", b"PK"),
        ]);
        let parts = extract(&bytes, &Limits::default()).unwrap();
        assert_eq!(parts.len(), 3);
        let Part::Document(doc) = &parts[0] else {
            panic!("a.txt is a document: {parts:?}")
        };
        assert_eq!(doc.member.as_deref(), Some("a.txt"));
        assert_eq!(doc.text, "甲方核定专项编制十名。");
        assert!(matches!(&parts[1], Part::Skipped { reason, .. } if reason.contains("unpack it")));
        assert!(matches!(&parts[2], Part::Skipped { reason, .. } if reason.contains("archive")));
    }

    #[test]
    fn a_zip_bomb_is_refused_at_the_cap() {
        let zeros = vec![b'0'; 3 * 1024 * 1024];
        let bytes = zip_of(&[("bomb.txt", &zeros)]);
        assert!(bytes.len() < 100_000, "deflated to {} bytes", bytes.len());
        let limits = Limits {
            member_bytes: 1024 * 1024,
            ..Limits::default()
        };
        assert!(matches!(
            extract(&bytes, &limits),
            Err(ExtractError::Hostile(_))
        ));
        let limits = Limits {
            total_bytes: 4 * 1024 * 1024,
            ..Limits::default()
        };
        let two = zip_of(&[("a.txt", &zeros), ("b.txt", &zeros)]);
        assert!(matches!(
            extract(&two, &limits),
            Err(ExtractError::Hostile(_))
        ));
    }

    #[test]
    fn a_truncated_zip_is_malformed() {
        let bytes = zip_of(&[("a.txt", "正文。".as_bytes())]);
        assert!(matches!(
            extract(&bytes[..bytes.len() / 2], &Limits::default()),
            Err(ExtractError::Malformed(_))
        ));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

        /// A damaged archive (any prefix of a good one, or a good one with a byte changed) is
        /// an error or parts, never a panic.
        #[test]
        fn damaged_archives_never_panic(cut in 0usize..400, flip in 0usize..400, bit in 0u8..8) {
            let mut bytes = zip_of(&[("a.txt", "正文第一段。".as_bytes()), ("b.html", b"<p>x</p>")]);
            let at = flip % bytes.len();
            bytes[at] ^= 1 << bit;
            let _ = extract(&bytes, &Limits::default());
            let _ = extract(&bytes[..cut.min(bytes.len())], &Limits::default());
            let _ = crate::ingest::docx::extract(&bytes, &Limits::default());
        }
    }
}
