//! `.vue` and `.svelte` files: keep the `<script>` blocks and blank everything else, so that byte
//! offsets in the result are byte offsets in the original file.

/// The text with every byte outside `<script ...>...</script>` replaced by a space (line breaks kept).
pub fn script_blocks_only(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = vec![b' '; bytes.len()];
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'\n' || *b == b'\r' {
            out[i] = *b;
        }
    }
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(open) = lower[from..].find("<script") {
        let open = from + open;
        let Some(tag_end) = lower[open..].find('>') else { break };
        let body_start = open + tag_end + 1;
        let body_end = lower[body_start..].find("</script").map_or(bytes.len(), |e| body_start + e);
        out[body_start..body_end].copy_from_slice(&bytes[body_start..body_end]);
        from = body_end;
    }
    // Only ASCII bytes were replaced, and whole script bodies were copied, so this stays UTF-8;
    // fall back to an empty text rather than panic if a body was cut inside a character.
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_offsets() {
        let vue = "<template><p>é</p></template>\n<script setup lang=\"ts\">\nwindow.api.x()\n</script>\n";
        let out = script_blocks_only(vue);
        assert_eq!(out.len(), vue.len());
        let at = vue.find("window").unwrap();
        assert_eq!(&out[at..at + 14], "window.api.x()");
        assert!(!out.contains("template"));
    }
}
