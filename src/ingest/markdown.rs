//! Markdown read as text: the markup is masked out of what analysis sees, byte for byte, so
//! offsets into the masked text are offsets into the original.
//!
//! Masked: `#` heading markers, `**`/`__` emphasis, link and image syntax (the URL too, the link
//! text stays), HTML comments (across lines), front matter (its markers and its `key: value`
//! lines, which are metadata), table pipes and
//! separator rows, and blockquote/list markers at the start of a line.

pub use crate::document::LineRole;

/// Masks the markup of a whole Markdown text; returns the masked text (same length) and the role
/// of each line.
pub fn mask(text: &str) -> (String, Vec<LineRole>) {
    let mut out = Vec::with_capacity(text.len());
    let mut roles = Vec::new();
    let mut in_comment = false;
    let mut in_front_matter = false;
    for (number, line) in text.split_inclusive('\n').enumerate() {
        let body = line.trim_end_matches(['\n', '\r']);
        let start = out.len();
        out.extend_from_slice(line.as_bytes());
        let bytes = &mut out[start..start + body.len()];
        let trimmed = body.trim();
        if number == 0 && trimmed == "---" {
            in_front_matter = true;
            blank(bytes, 0, bytes.len());
            roles.push(LineRole::Body);
            continue;
        }
        if in_front_matter {
            // Front matter is metadata (read by `clean`), not the document's text.
            if trimmed == "---" || trimmed == "..." {
                in_front_matter = false;
            }
            let len = bytes.len();
            blank(bytes, 0, len);
            roles.push(LineRole::Body);
            continue;
        }
        mask_comments(bytes, &mut in_comment);
        roles.push(mask_line(bytes));
    }
    // Only ASCII bytes were replaced by spaces, and whole multi-byte characters inside comments.
    let masked = String::from_utf8(out).expect("masking keeps UTF-8 valid");
    (masked, roles)
}

/// Replaces `bytes[from..to]` with spaces.
fn blank(bytes: &mut [u8], from: usize, to: usize) {
    bytes[from..to].fill(b' ');
}

/// Blanks HTML comments, which may run across lines.
fn mask_comments(bytes: &mut [u8], in_comment: &mut bool) {
    let mut i = 0;
    while i < bytes.len() {
        if *in_comment {
            match find(bytes, i, b"-->") {
                Some(end) => {
                    blank(bytes, i, end + 3);
                    *in_comment = false;
                    i = end + 3;
                }
                None => {
                    blank(bytes, i, bytes.len());
                    return;
                }
            }
        } else {
            match find(bytes, i, b"<!--") {
                Some(open) => {
                    *in_comment = true;
                    blank(bytes, open, open + 4);
                    i = open + 4;
                }
                None => return,
            }
        }
    }
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Masks the markup of one line (comments already blanked) and says what the line is.
fn mask_line(bytes: &mut [u8]) -> LineRole {
    let indent = bytes
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count();
    let rest = &bytes[indent..];
    let mut role = LineRole::Body;
    let hashes = rest.iter().take_while(|&&b| b == b'#').count();
    if (1..=6).contains(&hashes) && rest.get(hashes).is_none_or(|&b| b == b' ') {
        blank(bytes, indent, indent + hashes);
        let end = bytes.len()
            - bytes
                .iter()
                .rev()
                .take_while(|&&b| b == b'#' || b == b' ')
                .count();
        blank(bytes, end.max(indent + hashes), bytes.len());
        role = LineRole::Heading(hashes as u8);
    } else if rest.first() == Some(&b'|') {
        role = LineRole::TableRow;
        if rest
            .iter()
            .all(|&b| matches!(b, b'|' | b'-' | b':' | b' ' | b'\t'))
        {
            let len = bytes.len();
            blank(bytes, 0, len);
        } else {
            for b in bytes.iter_mut() {
                if *b == b'|' {
                    *b = b' ';
                }
            }
        }
    } else if rest
        .iter()
        .all(|&b| matches!(b, b'-' | b'*' | b'_' | b'=' | b' '))
    {
        let len = bytes.len();
        blank(bytes, 0, len);
        return role;
    } else {
        let marker = match rest {
            [b'>', ..] => 1,
            [b'-' | b'*' | b'+', b' ', ..] => 2,
            _ => 0,
        };
        blank(bytes, indent, indent + marker);
    }
    mask_inline(bytes);
    role
}

/// Blanks emphasis markers and link/image syntax, keeping link text.
fn mask_inline(bytes: &mut [u8]) {
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'*' | b'_' | b'`' if bytes.get(i + 1) == Some(&bytes[i]) => {
                bytes[i] = b' ';
                bytes[i + 1] = b' ';
                i += 2;
            }
            b'`' => {
                bytes[i] = b' ';
                i += 1;
            }
            b'!' if bytes.get(i + 1) == Some(&b'[') => {
                bytes[i] = b' ';
                i += 1;
            }
            b'[' => {
                if let Some(close) = find(bytes, i, b"](") {
                    if let Some(paren) = find(bytes, close + 2, b")") {
                        bytes[i] = b' ';
                        blank(bytes, close, paren + 1);
                        i = paren + 1;
                        continue;
                    }
                }
                i += 1;
            }
            b'<' if starts_tag(&bytes[i..]) => {
                let end = find(bytes, i, b">").unwrap_or(i);
                blank(bytes, i, end + 1);
                i = end + 1;
            }
            _ => i += 1,
        }
    }
}

/// Whether the bytes start an HTML tag such as `<br>`, `<p class="x">` or `</div>`.
fn starts_tag(bytes: &[u8]) -> bool {
    let name = match bytes.get(1) {
        Some(b'/') => &bytes[2..],
        _ => &bytes[1..],
    };
    let letters = name.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    letters > 0
        && matches!(name.get(letters), Some(b'>' | b' ' | b'/'))
        && find(bytes, 0, b">").is_some_and(|end| end < 200)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_markup_keeping_length() {
        let text = "---\ntitle: x\n---\n# 第一章 总则\n重点**加粗**见[链接](http://a.cn/b)。\n<!-- INFO END -->\n| 项目 | 数量 |\n|---|---|\n";
        let (masked, roles) = mask(text);
        assert_eq!(masked.len(), text.len());
        let lines: Vec<&str> = masked.lines().collect();
        assert_eq!(lines[0].trim(), "");
        assert_eq!(lines[1].trim(), "");
        assert_eq!(lines[2].trim(), "");
        assert_eq!(lines[3].trim(), "第一章 总则");
        assert_eq!(roles[3], LineRole::Heading(1));
        assert_eq!(
            lines[4].split_whitespace().collect::<String>(),
            "重点加粗见链接。"
        );
        assert_eq!(lines[5].trim(), "");
        assert_eq!(
            lines[6].split_whitespace().collect::<Vec<_>>(),
            ["项目", "数量"]
        );
        assert_eq!(roles[6], LineRole::TableRow);
        assert_eq!(lines[7].trim(), "");
    }

    #[test]
    fn comment_across_lines_is_masked() {
        let (masked, _) = mask("前文<!-- 注释\n仍是注释 -->后文\n");
        assert_eq!(
            masked.split_whitespace().collect::<Vec<_>>(),
            ["前文", "后文"]
        );
    }
}
