//! Reading and copying whole small files with few system calls. A 10,000-page build reads
//! 10,000 sources and copies 10,000 social cards: the standard library's `read_to_end` on a
//! file asks its size and position again (two calls more per file), and `fs::copy` from
//! another file system tries a kernel copy, falls back to `sendfile` twice and copies the
//! permissions (five calls more). On one file system the kernel copy works (and shares the
//! blocks where the file system can), so it is used there.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// Files up to this size are copied through memory; larger ones (videos, PDFs) by the
/// kernel, without holding them.
pub const SMALL_COPY: u64 = 1 << 20;

/// The rest of the open `file`, which its metadata said is `len` bytes long: one read fills
/// the buffer, one more finds the end (a file that grew or shrank meanwhile is read whole
/// all the same).
pub fn read_rest(file: &mut File, len: u64) -> io::Result<Vec<u8>> {
    let want = usize::try_from(len).unwrap_or(0);
    let mut bytes = vec![0; want];
    let mut filled = 0;
    while filled < want {
        match file.read(&mut bytes[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    bytes.truncate(filled);
    // the end, or what was added since: through `Take`, whose `read_to_end` does not ask the
    // size again (a full buffer is first given a small probe read)
    file.take(u64::MAX).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Copies the file `from` to a new file `to` (replacing one there) on the file system
/// `to_device` names (a device number, [`device`]; `None` when not known). A small file from
/// another file system is copied through memory, its contents only (the copy has the default
/// permissions of a new file); others by `fs::copy`. Returns the bytes copied.
pub fn copy(from: &Path, to: &Path, to_device: Option<u64>) -> io::Result<u64> {
    let mut file = File::open(from)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        // its error says what the source is instead
        drop(file);
        return std::fs::copy(from, to);
    }
    let here = device(&meta).is_some_and(|d| Some(d) == to_device);
    if !here && meta.len() <= SMALL_COPY {
        let bytes = read_rest(&mut file, meta.len())?;
        std::fs::write(to, &bytes)?;
        return Ok(bytes.len() as u64);
    }
    // what `fs::copy` does, from the file already open: the kernel copy (`io::copy` between
    // two files), then the source's permissions
    let mut out = File::create(to)?;
    let copied = io::copy(&mut file, &mut out)?;
    out.set_permissions(meta.permissions())?;
    Ok(copied)
}

/// The device number of the file system holding a file (`None` where the system has none).
pub fn device(meta: &std::fs::Metadata) -> Option<u64> {
    #[cfg(unix)]
    return Some(std::os::unix::fs::MetadataExt::dev(meta));
    #[cfg(not(unix))]
    return None;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_and_large_files_are_copied_whole() {
        let dir = tempfile::tempdir().unwrap();
        for (name, len) in [("empty", 0usize), ("small", 15_000), ("edge", SMALL_COPY as usize), ("large", 3 << 20)] {
            let from = dir.path().join(name);
            let bytes: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
            std::fs::write(&from, &bytes).unwrap();
            // a file already there is replaced
            let to = dir.path().join(format!("{name}.copy"));
            // through memory (another file system) and by the kernel (this one)
            let here = device(&std::fs::metadata(dir.path()).unwrap());
            for to_device in [None, here] {
                std::fs::write(&to, b"previous contents, longer than the empty file").unwrap();
                assert_eq!(copy(&from, &to, to_device).unwrap(), len as u64, "{name}");
                assert_eq!(std::fs::read(&to).unwrap(), bytes, "{name}");
            }
        }
        // which way was taken shows in the permissions: only `fs::copy` copies them
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            let from = dir.path().join("small");
            std::fs::set_permissions(&from, std::fs::Permissions::from_mode(0o604)).unwrap();
            let fresh = dir.path().join("fresh");
            std::fs::write(&fresh, b"").unwrap();
            let here = device(&std::fs::metadata(dir.path()).unwrap());
            for (to_device, expected) in [(here, 0o604), (None, mode(&fresh))] {
                let to = dir.path().join("moded");
                let _ = std::fs::remove_file(&to);
                copy(&from, &to, to_device).unwrap();
                assert_eq!(mode(&to), expected, "{to_device:?}");
            }
        }
        assert!(copy(&dir.path().join("missing"), &dir.path().join("x"), None).is_err());
        assert!(!dir.path().join("x").exists(), "nothing is made when the source is missing");
    }

    proptest::proptest! {
        /// Any contents, any size said at open time (a file saved while it is read): the
        /// whole file, nothing more.
        #[test]
        fn any_file_is_read_whole_whatever_size_was_said(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..40_000),
            said in 0u64..80_000,
        ) {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("f");
            std::fs::write(&path, &bytes).unwrap();
            let mut f = File::open(&path).unwrap();
            proptest::prop_assert_eq!(read_rest(&mut f, said).unwrap(), bytes);
        }
    }

    #[test]
    fn a_file_read_is_read_to_its_end_whatever_its_size_was_said_to_be() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let bytes: Vec<u8> = (0..70_000u32).map(|i| (i % 253) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        // the size said at open time may be stale: the file is still read to its end
        for said in [0, 10, 70_000, 1 << 20] {
            let mut f = File::open(&path).unwrap();
            assert_eq!(read_rest(&mut f, said).unwrap(), bytes, "{said}");
        }
    }
}
