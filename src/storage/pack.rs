//! Packing stored records: JSON compressed with Deflate and packed 15 bits to a character,
//! so a record takes a fraction of the quota (browsers count localStorage in UTF-16 units,
//! so a plain ASCII character costs as much as any other).
//!
//! A packed value starts with `%` (Deflate, layout 7 on) or `~` (LZ4, layouts 2 to 6, still
//! read; rewritten packed with Deflate when the record is next written). JSON never starts
//! with either; anything else is plain JSON, which is how short records and every record of
//! layout 1 are stored. Characters used are U+0020..U+801F: no control characters, no
//! surrogates, so the value survives any storage or copy and paste.
//!
//! Why Deflate: field stamps (a time per answer of a run, per field of a card) made the
//! capacity workspace 45.6% of the quota with LZ4, whose every match costs bytes; Deflate's
//! Huffman codes take the same records to 28.7%.

/// The first character of a packed value.
pub const MARK: char = '%';
/// The first character of a value packed with LZ4 (layouts 2 to 6).
pub const LZ4_MARK: char = '~';
/// Records shorter than this stay plain JSON (packing would not pay).
pub const MIN_PACK: usize = 256;
const BASE: u32 = 0x20;
/// The most an LZ4 block can expand (a 255-byte length run per byte, rounded up).
const MAX_RATIO: usize = 256;
/// No record Docket writes unpacks to more than this; a packed value that claims more is
/// damaged (or hostile), and is refused before it fills the memory.
const MAX_TEXT: usize = 64 << 20;
/// Deflate's level: miniz's default, the size above at a few milliseconds per record.
const LEVEL: u8 = 6;

/// Packs a JSON text for storage (or returns it as is when short).
pub fn encode(json: &str) -> String {
    // Short text stays plain, unless it starts like a packed value (never JSON, but then
    // packing is the only way to read it back as it was).
    if json.len() < MIN_PACK && !json.starts_with([MARK, LZ4_MARK]) {
        return json.to_string();
    }
    pack_bytes(
        MARK,
        &miniz_oxide::deflate::compress_to_vec(json.as_bytes(), LEVEL),
    )
}

/// Lays bytes out 15 bits to a character, after the mark and the byte count.
fn pack_bytes(mark: char, bytes: &[u8]) -> String {
    let mut out = String::with_capacity((bytes.len().saturating_mul(8) / 15).saturating_add(4));
    out.push(mark);
    // The byte count first, so decoding knows where the padding starts.
    push15(&mut out, (bytes.len() >> 15) as u32 & 0x7fff);
    push15(&mut out, bytes.len() as u32 & 0x7fff);
    let mut acc: u32 = 0;
    let mut bits: u32 = 0;
    for &b in bytes {
        acc = (acc << 8) | b as u32;
        bits = bits.saturating_add(8);
        if bits >= 15 {
            bits = bits.saturating_sub(15);
            push15(&mut out, (acc >> bits) & 0x7fff);
        }
    }
    if bits > 0 {
        push15(&mut out, (acc << 15u32.saturating_sub(bits)) & 0x7fff);
    }
    out
}

fn push15(out: &mut String, v: u32) {
    // U+0020..U+801F: below the surrogates, so always a character.
    out.extend(char::from_u32(BASE.saturating_add(v & 0x7fff)));
}

/// The bytes laid out 15 bits to a character after a packed value's mark: their count in
/// two characters, then the bytes. (One plain loop into a buffer of the claimed size: a
/// 1,000-card board unpacks ~120,000 characters when it opens.)
fn unpack15(rest: &str) -> Result<Vec<u8>, String> {
    let value = |c: char| {
        let v = c as u32;
        if (BASE..BASE + 0x8000).contains(&v) {
            Ok(v.saturating_sub(BASE))
        } else {
            Err(format!("unexpected character U+{v:04X} in a packed record"))
        }
    };
    let mut chars = rest.chars();
    let hi = value(chars.next().ok_or("packed record too short")?)?;
    let lo = value(chars.next().ok_or("packed record too short")?)?;
    let len = ((hi << 15) | lo) as usize;
    // Each character carries 15 bits and takes at least one byte: a count beyond what that
    // many characters hold is a lie (bounded by the length, not counted: a 1,000-card
    // board would walk its ~120,000 characters twice when it opens).
    let holds = chars.as_str().len().saturating_mul(15) / 8;
    if len > holds {
        return Err(format!(
            "packed record damaged: it claims {len} bytes but holds at most {holds}"
        ));
    }
    let mut bytes = vec![0u8; len];
    let mut out = bytes.iter_mut();
    let mut acc: u32 = 0;
    let mut bits: u32 = 0;
    for c in chars {
        // Characters past the claimed size (a damaged record) carry nothing: stop before
        // the accumulator's bits overflow.
        if out.len() == 0 {
            break;
        }
        // Fewer than 8 bits are left in `acc` here: 15 more fit in a u32.
        acc = (acc << 15) | value(c)?;
        bits = bits.saturating_add(15);
        while bits >= 8 {
            let Some(b) = out.next() else { break };
            bits = bits.saturating_sub(8);
            *b = (acc >> bits) as u8;
        }
        acc &= (1u32 << bits).saturating_sub(1);
    }
    if out.len() != 0 {
        return Err("packed record cut short".into());
    }
    Ok(bytes)
}

/// Unpacks a stored value into JSON text (plain JSON is returned as is).
pub fn decode(stored: &str) -> Result<String, String> {
    let (deflate, rest) = match (stored.strip_prefix(MARK), stored.strip_prefix(LZ4_MARK)) {
        (Some(rest), _) => (true, rest),
        (None, Some(rest)) => (false, rest),
        (None, None) => return Ok(stored.to_string()),
    };
    let bytes = unpack15(rest)?;
    if deflate {
        let raw = miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, MAX_TEXT)
            .map_err(|e| format!("packed record damaged: {}", e.status as i8))?;
        return String::from_utf8(raw).map_err(|_| "packed record is not text".into());
    }
    // The size LZ4 says the text has is bounded by what the block can hold: no LZ4 block
    // expands more than 255 times (plus its last literals). A bigger claim would make the
    // decoder reserve that much memory (gigabytes, or a crash) before finding the lie.
    let claimed = match bytes.get(..4) {
        Some(&[a, b, c, d]) => u32::from_le_bytes([a, b, c, d]) as usize,
        _ => return Err("packed record cut short".into()),
    };
    let most = (bytes.len().saturating_sub(4))
        .saturating_mul(MAX_RATIO)
        .saturating_add(16);
    if claimed > most {
        return Err(format!(
            "packed record damaged: it claims {claimed} bytes of text from {} packed",
            bytes.len()
        ));
    }
    let raw = lz4_flex::block::decompress_size_prepended(&bytes)
        .map_err(|e| format!("packed record damaged: {e}"))?;
    String::from_utf8(raw).map_err(|_| "packed record is not text".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_past_the_claimed_size_are_damage_not_an_overflow() {
        // Found by fuzz_stored_layouts: a record claiming 1 byte followed by many
        // characters shifted the accumulator past 32 bits ("attempt to shift left with
        // overflow" in a debug build, garbage in a release one).
        let c = |v: u32| char::from_u32(BASE + v).unwrap();
        let mut s = String::from(LZ4_MARK);
        s.push(c(0));
        s.push(c(5));
        s.extend(std::iter::repeat_n(c(0x7fff), 12));
        assert!(decode(&s).is_err());
    }

    #[test]
    fn round_trips_and_shrinks() {
        let json = serde_json::to_string(
            &(0..500)
                .map(|i| format!("card number {i} with a title"))
                .collect::<Vec<_>>(),
        )
        .unwrap();
        let packed = encode(&json);
        assert!(packed.starts_with(MARK));
        assert!(
            packed.chars().count() * 3 < json.len(),
            "{} vs {}",
            packed.chars().count(),
            json.len()
        );
        assert_eq!(decode(&packed).unwrap(), json);
        assert_eq!(decode("{\"a\":1}").unwrap(), "{\"a\":1}");
        assert!(decode("~").is_err());
        assert!(decode("~\u{20}\u{30}abc").is_err());
        assert!(decode("%").is_err());
        assert!(decode("%\u{20}\u{30}abc").is_err());
    }

    #[test]
    fn a_character_no_packing_writes_is_damage() {
        let packed = encode(&"a card title, ".repeat(40));
        let chars: Vec<char> = packed.chars().collect();
        // After the mark and the two characters of the byte count: characters one, two,
        // three and four UTF-8 bytes wide; the first two in range, the others not.
        for (bad, ok) in [
            ('A', true),
            ('\u{7ff}', true),
            ('\u{8020}', false),
            ('\u{ffff}', false),
            ('😀', false),
            ('\u{1f}', false),
        ] {
            let mut v = chars.clone();
            v[5] = bad;
            let text: String = v.into_iter().collect();
            match decode(&text) {
                Err(e) if !ok => assert!(e.contains(&format!("U+{:04X}", bad as u32)), "{e}"),
                // In range: it decodes to other bytes, which Deflate then refuses (or not).
                _ if ok => {}
                other => panic!("{bad:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_value_packed_by_layouts_2_to_6_still_reads() {
        let json = "[\"a card\",\"a card\",\"a card\",\"a card\"]".repeat(20);
        let lz4 = pack_bytes(
            LZ4_MARK,
            &lz4_flex::block::compress_prepend_size(json.as_bytes()),
        );
        assert!(lz4.starts_with('~'));
        assert_eq!(decode(&lz4).unwrap(), json);
    }

    #[test]
    fn a_deflate_bomb_is_damage_not_a_full_memory() {
        // 100 MB of spaces packs into about 100 KB.
        let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b' '; 100 << 20], 9);
        let err = decode(&pack_bytes(MARK, &bomb)).unwrap_err();
        assert!(err.contains("damaged"), "{err}");
    }

    #[test]
    fn a_lying_size_is_damage_not_a_crash() {
        let good = lz4_flex::block::compress_prepend_size(&[b'x'; 1000]);
        let pack_bytes = |b: &[u8]| pack_bytes(LZ4_MARK, b);
        assert_eq!(decode(&pack_bytes(&good)).unwrap(), "x".repeat(1000));
        // The LZ4 size says 4 GiB, 2 GiB, or just more than the block can hold.
        for claim in [u32::MAX, 1 << 31, (good.len() as u32 - 4) * 256 + 17] {
            let mut lying = good.clone();
            lying[..4].copy_from_slice(&claim.to_le_bytes());
            let err = decode(&pack_bytes(&lying)).unwrap_err();
            assert!(err.contains("claims"), "{err}");
        }
        // The outer byte count says more than the record's characters hold.
        let packed = pack_bytes(&good);
        let mut chars: Vec<char> = packed.chars().collect();
        chars[1] = char::from_u32(BASE + 0x7fff).unwrap();
        let err = decode(&chars.into_iter().collect::<String>()).unwrap_err();
        assert!(err.contains("claims"), "{err}");
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn any_text_round_trips(s in ".{0,2000}") {
            proptest::prop_assert_eq!(decode(&encode(&s)).unwrap(), s);
        }
    }
}
