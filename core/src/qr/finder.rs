//! The camera loop's pre-pass: a cheap search for QR finder patterns (the three
//! concentric squares whose cross-section reads dark-light-dark-light-dark in
//! the ratio 1:1:3:1:1), so that frames with nothing code-like skip the retry
//! cascade.
//!
//! Each 16×16 block gets a threshold: the mean of the blocks with contrast in
//! its 3×3 neighbourhood for the pre-pass, 5×5 for the cascade's rectification
//! (see [`PREPASS`]; blocks with less than 16 or 24 grey levels
//! between their darkest and brightest pixel are flat and count as light when no
//! neighbour has contrast). Every second row is read as runs of dark and light
//! pixels; five runs in the finder ratio are checked again vertically through
//! their centre, then horizontally through the refined centre. Both polarities
//! are found, so inverted (light on dark) codes pass too.

use super::gray::Gray;

/// Side of a threshold block in pixels.
const BLOCK: usize = 16;
/// How block thresholds are made: the neighbourhood radius in blocks and the
/// contrast below which a block is flat.
#[derive(Clone, Copy)]
struct Params {
    radius: usize,
    min_range: u8,
}

/// The camera loop's pre-pass: 3×3 blocks, 16 levels. A dim phone screen's
/// code spans 40–70 levels, and with 5×5 blocks the brighter, noisy background
/// around it (range ~25, live at 24) raised its threshold above its light
/// modules (dim screen through a Scanner 89/100 → 97/100).
const PREPASS: Params = Params {
    radius: 1,
    min_range: 16,
};
/// The one-shot cascade's rectification step: 5×5 blocks, 24 levels (3×3
/// read one perspective picture in 100 fewer).
const CASCADE: Params = Params {
    radius: 2,
    min_range: 24,
};
/// Five runs shorter than this in total are noise, not a finder (modules ≥ 1.4 px).
const MIN_TOTAL: u32 = 10;
/// The search stops after this many distinct candidates: the frame is busy enough.
const MAX_CANDIDATES: usize = 48;

/// A finder-pattern candidate: centre and module size in pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Candidate {
    pub(crate) x: f32,
    pub(crate) y: f32,
    pub(crate) module: f32,
}

/// Per-block thresholds of a picture.
struct Thresholds<'a> {
    gray: &'a Gray,
    blocks_wide: usize,
    thresholds: Vec<u8>,
}

impl<'a> Thresholds<'a> {
    fn new(gray: &'a Gray, params: Params) -> Thresholds<'a> {
        let (w, h) = (gray.width as usize, gray.height as usize);
        let (bw, bh) = (w.div_ceil(BLOCK), h.div_ceil(BLOCK));
        let mut mins = vec![u8::MAX; bw * bh];
        let mut maxs = vec![0u8; bw * bh];
        let mut sums = vec![0u32; bw * bh];
        for (y, row) in gray.data.chunks_exact(w).enumerate() {
            let base = (y / BLOCK) * bw;
            for (bx, chunk) in row.chunks(BLOCK).enumerate() {
                let i = base + bx;
                let (lo, hi, sum) = block_row_stats(chunk);
                (mins[i], maxs[i], sums[i]) = (mins[i].min(lo), maxs[i].max(hi), sums[i] + sum);
            }
        }
        // Block means, and 0 for flat blocks (with a count of 0 below).
        let mut means = vec![0u32; bw * bh];
        let mut live = vec![0u32; bw * bh];
        for by in 0..bh {
            let rows = (h - by * BLOCK).min(BLOCK) as u32;
            for bx in 0..bw {
                let i = by * bw + bx;
                if maxs[i].saturating_sub(mins[i]) >= params.min_range {
                    let cols = (w - bx * BLOCK).min(BLOCK) as u32;
                    means[i] = sums[i] / (rows * cols);
                    live[i] = 1;
                }
            }
        }
        let thresholds = neighbourhood_means(&means, &live, (bw, bh), params.radius);
        Thresholds {
            gray,
            blocks_wide: bw,
            thresholds,
        }
    }

    /// Whether pixel (x, y) is dark; `None` outside the picture.
    fn dark(&self, x: isize, y: isize) -> Option<bool> {
        let (w, h) = (self.gray.width as isize, self.gray.height as isize);
        if x < 0 || y < 0 || x >= w || y >= h {
            return None;
        }
        let (x, y) = (x as usize, y as usize);
        let t = self.thresholds[(y / BLOCK) * self.blocks_wide + x / BLOCK];
        Some(self.gray.data[y * w as usize + x] < t)
    }

    /// The five run lengths through (x, y) along (dx, dy), centre run
    /// included, and the centre's offset along the line; `None` when the line
    /// leaves the picture or a run is longer than `max_run`.
    fn cross(
        &self,
        x: isize,
        y: isize,
        d: (isize, isize),
        max_run: u32,
    ) -> Option<([u32; 5], f32)> {
        let centre = self.dark(x, y)?;
        let mut out = [0u32; 5];
        let mut ends = [0f32; 2];
        for (side, sign) in [(0usize, -1isize), (1, 1)] {
            let (mut cx, mut cy) = (x, y);
            let mut colour = centre;
            let mut runs = [0u32; 3];
            let mut k = 0;
            loop {
                cx += sign * d.0;
                cy += sign * d.1;
                let here = self.dark(cx, cy)?;
                if here != colour {
                    k += 1;
                    if k == 3 {
                        break;
                    }
                    colour = here;
                }
                runs[k] += 1;
                if runs[k] > max_run {
                    return None;
                }
            }
            // Left/up fills runs 1 and 0, right/down runs 3 and 4.
            let r = if side == 0 { [1, 0] } else { [3, 4] };
            out[2] += runs[0];
            out[r[0]] = runs[1];
            out[r[1]] = runs[2];
            ends[side] = runs[0] as f32;
        }
        out[2] += 1;
        // Centre of the middle run relative to (x, y), in steps along d.
        Some((out, (ends[1] - ends[0]) / 2.0))
    }
}

/// Darkest, brightest and sum of one block row (fixed-size for full blocks, so
/// that it compiles to vector code where the target has it).
#[inline(always)]
fn block_row_stats(chunk: &[u8]) -> (u8, u8, u32) {
    fn stats(c: &[u8]) -> (u8, u8, u32) {
        let lo = c.iter().fold(u8::MAX, |a, &p| a.min(p));
        let hi = c.iter().fold(0, |a, &p| a.max(p));
        let sum = c.iter().map(|&p| u32::from(p)).sum();
        (lo, hi, sum)
    }
    match <&[u8; BLOCK]>::try_from(chunk) {
        Ok(full) => stats(full),
        Err(_) => stats(chunk),
    }
}

/// Bit i set where `chunk[i] < threshold` (branch-free, fixed-size for full
/// blocks).
#[inline(always)]
fn dark_mask(chunk: &[u8], threshold: u8) -> u32 {
    fn mask(c: &[u8], threshold: u8) -> u32 {
        c.iter()
            .enumerate()
            .fold(0, |m, (i, &p)| m | (u32::from(p < threshold) << i))
    }
    match <&[u8; BLOCK]>::try_from(chunk) {
        Ok(full) => mask(full, threshold),
        Err(_) => mask(chunk, threshold),
    }
}

/// For each block, the mean of the live block means in its neighbourhood of
/// radius `r` blocks
/// (0 where none is live: every pixel there counts as light).
fn neighbourhood_means(means: &[u32], live: &[u32], (bw, bh): (usize, usize), r: usize) -> Vec<u8> {
    let mut out = vec![0u8; bw * bh];
    for by in 0..bh {
        let (y0, y1) = (by.saturating_sub(r), (by + r + 1).min(bh));
        for bx in 0..bw {
            let (x0, x1) = (bx.saturating_sub(r), (bx + r + 1).min(bw));
            let (mut sum, mut count) = (0u32, 0u32);
            for yy in y0..y1 {
                for xx in x0..x1 {
                    sum += means[yy * bw + xx];
                    count += live[yy * bw + xx];
                }
            }
            if let Some(mean) = sum.checked_div(count) {
                out[by * bw + bx] = mean.min(255) as u8;
            }
        }
    }
    out
}

/// The module size if five runs are in the finder ratio 1:1:3:1:1, each
/// within 60% of its expected length (integer arithmetic: this runs at every
/// colour change of every scanned row).
#[inline(always)]
fn finder_ratio(runs: [u32; 5]) -> Option<f32> {
    let total: u32 = runs.iter().sum();
    if total < MIN_TOTAL {
        return None;
    }
    // |7·run − modules·total| < 0.6·modules·total, times 5.
    let near =
        |run: u32, modules: u32| (7 * run).abs_diff(modules * total) * 5 < 3 * modules * total;
    (near(runs[2], 3)
        && near(runs[0], 1)
        && near(runs[1], 1)
        && near(runs[3], 1)
        && near(runs[4], 1))
    .then_some(total as f32 / 7.0)
}

/// Checks a horizontal hit centred at (x, y) vertically, then horizontally
/// again through the refined centre; returns the candidate.
fn confirm(t: &Thresholds, x: f32, y: usize, total: u32) -> Option<Candidate> {
    let max_run = total * 2;
    let (vx, vy) = (x.round() as isize, y as isize);
    let (vertical, dy) = t.cross(vx, vy, (0, 1), max_run)?;
    let vm = finder_ratio(vertical)?;
    let vtotal: u32 = vertical.iter().sum();
    // Perspective up to ~60° shortens one direction by half; allow a factor 3.
    if vtotal * 3 < total || vtotal > total * 3 {
        return None;
    }
    let cy = y as f32 + dy;
    let (horizontal, dx) = t.cross(vx, cy.round() as isize, (1, 0), vtotal.max(total) * 2)?;
    let hm = finder_ratio(horizontal)?;
    let cx = vx as f32 + dx;
    // And diagonally (as zxing-cpp does when trying harder): texture rarely
    // passes in three directions.
    let reach = (vtotal.max(total) * 2).max(8);
    let (diagonal, _) = t.cross(cx.round() as isize, cy.round() as isize, (1, 1), reach)?;
    finder_ratio(diagonal)?;
    Some(Candidate {
        x: cx,
        y: cy,
        module: (vm + hm) / 2.0,
    })
}

/// Adds `c` unless it is the same finder as an earlier candidate.
fn merge(found: &mut Vec<Candidate>, c: Candidate) {
    let same = found.iter().find(|o| {
        let d2 = (o.x - c.x).powi(2) + (o.y - c.y).powi(2);
        d2 < (2.5 * o.module.max(c.module)).powi(2)
    });
    if same.is_none() {
        found.push(c);
    }
}

/// Finder-pattern candidates of a frame for the pre-pass: those at full
/// resolution if they look like a code, else those of a half-size copy
/// (screen pixel grids and fine noise break the runs at full size), in frame
/// pixels.
pub(crate) fn frame_candidates(gray: &Gray) -> Vec<Candidate> {
    let full = candidates_with(gray, PREPASS);
    if code_like(&full) {
        return full;
    }
    let Some(half) = gray.downscale(2) else {
        return full;
    };
    let h: Vec<Candidate> = candidates_with(&half, PREPASS);
    h.into_iter()
        .map(|c| Candidate {
            x: c.x * 2.0 + 0.5,
            y: c.y * 2.0 + 0.5,
            module: c.module * 2.0,
        })
        .collect()
}

/// Finder-pattern candidates in `gray`, both polarities, in scan order.
pub(crate) fn candidates(gray: &Gray) -> Vec<Candidate> {
    candidates_with(gray, CASCADE)
}

fn candidates_with(gray: &Gray, params: Params) -> Vec<Candidate> {
    let t = Thresholds::new(gray, params);
    let w = gray.width as usize;
    let bw = t.blocks_wide;
    let mut found = Vec::new();
    for (y, row) in gray.data.chunks_exact(w).enumerate().step_by(2) {
        let thr = &t.thresholds[(y / BLOCK) * bw..(y / BLOCK + 1) * bw];
        let mut runs = [0u32; 5];
        let mut colour = row.first().is_some_and(|&p| p < thr[0]);
        let mut len = 0u32;
        for (bx, chunk) in row.chunks(BLOCK).enumerate() {
            // Colour changes as bits: one loop turn per run, not per pixel.
            let mask = dark_mask(chunk, thr[bx]);
            let n = chunk.len() as u32;
            let mut changes = (mask ^ ((mask << 1) | u32::from(colour))) & (u32::MAX >> (32 - n));
            let mut start = 0u32;
            colour = (mask >> (n - 1)) & 1 == 1;
            while changes != 0 {
                let i = changes.trailing_zeros();
                changes &= changes - 1;
                runs = [runs[1], runs[2], runs[3], runs[4], len + i - start];
                (start, len) = (i, 0);
                if finder_ratio(runs).is_none() {
                    continue;
                }
                let end = (bx * BLOCK) as f32 + i as f32;
                let centre = end - runs[4] as f32 - runs[3] as f32 - runs[2] as f32 / 2.0;
                let total = runs.iter().sum();
                if let Some(c) = confirm(&t, centre, y, total) {
                    merge(&mut found, c);
                    if found.len() >= MAX_CANDIDATES {
                        return found;
                    }
                }
            }
            len += n - start;
        }
    }
    found
}

/// Three finder candidates that could be one symbol's: `corner` (top left)
/// and the ends of its two arms.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Triple {
    pub(crate) corner: Candidate,
    pub(crate) arms: [Candidate; 2],
}

/// The triples among `found` that look like a QR code: three finders of
/// similar module size, one of them the corner of an "L" whose arms are
/// 8–200 modules long, of similar length, and 35–145° apart (a square symbol
/// seen at up to ~60° of perspective). At most `limit`, the most square first
/// (limit 1: the first found).
pub(crate) fn triples(found: &[Candidate], limit: usize) -> Vec<Triple> {
    let similar = |a: &Candidate, b: &Candidate| (0.5..=2.0).contains(&(a.module / b.module));
    let arm = |a: &Candidate, b: &Candidate| {
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        let len = (dx * dx + dy * dy).sqrt();
        let m = (a.module + b.module) / 2.0;
        (len >= 8.0 * m && len <= 200.0 * m && similar(a, b)).then_some((dx, dy, len))
    };
    let mut out: Vec<(f32, Triple)> = Vec::new();
    for (i, corner) in found.iter().enumerate() {
        let arms: Vec<_> = found
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != i)
            .filter_map(|(_, b)| arm(corner, b).map(|a| (a, *b)))
            .collect();
        for (k, (a, ca)) in arms.iter().enumerate() {
            for (b, cb) in arms.iter().skip(k + 1) {
                let ratio = a.2 / b.2;
                let cos = (a.0 * b.0 + a.1 * b.1) / (a.2 * b.2);
                if (0.5..=2.0).contains(&ratio) && cos.abs() <= 0.82 {
                    let t = Triple {
                        corner: *corner,
                        arms: [*ca, *cb],
                    };
                    out.push((cos.abs() + ratio.ln().abs(), t));
                    if limit == 1 {
                        return vec![t];
                    }
                }
            }
        }
    }
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out.into_iter().take(limit).map(|(_, t)| t).collect()
}

/// Whether the candidates look like (part of) a QR code: a triple (see
/// [`triples`]), or two finders of about the same module size 14–180 modules
/// apart (the third one hidden by glare or a finger).
pub(crate) fn code_like(found: &[Candidate]) -> bool {
    let pair = found.iter().enumerate().any(|(i, a)| {
        found.iter().skip(i + 1).any(|b| {
            let m = (a.module + b.module) / 2.0;
            let d = ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt();
            (0.67..=1.5).contains(&(a.module / b.module)) && d >= 14.0 * m && d <= 180.0 * m
        })
    });
    pair || !triples(found, 1).is_empty()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A 4-px-module version 1 code (21 modules; finder centres 3.5 modules
    /// in from three corners) whose symbol starts at (40, 30), on grey,
    /// optionally light on dark.
    fn code(inverted: bool) -> Gray {
        let qr = crate::qr::encode("VN1:FINDER", &crate::qr::RenderOptions::default()).unwrap();
        let (w, h) = (240usize, 200usize);
        let mut data = vec![128u8; w * h];
        for y in 0..(qr.width() + 8) * 4 {
            for x in 0..(qr.width() + 8) * 4 {
                let (mx, my) = ((x / 4) as isize - 4, (y / 4) as isize - 4);
                let n = qr.width() as isize;
                let dark = (0..n).contains(&mx)
                    && (0..n).contains(&my)
                    && qr.is_dark(mx as usize, my as usize);
                data[(y + 14) * w + x + 24] = if dark != inverted { 20 } else { 230 };
            }
        }
        Gray::new(w as u32, h as u32, data).unwrap()
    }

    #[test]
    fn three_finders_of_a_code_both_polarities() {
        for inverted in [false, true] {
            let found = candidates(&code(inverted));
            // The three finders (data modules may add a look-alike).
            for (x, y) in [(54.0, 44.0), (110.0, 44.0), (54.0, 100.0)] {
                let hit = found
                    .iter()
                    .find(|c| (c.x - x).abs() < 2.0 && (c.y - y).abs() < 2.0);
                assert!(
                    hit.is_some_and(|c| (c.module - 4.0).abs() < 0.5),
                    "({x}, {y}) in {found:?}"
                );
            }
            assert!(code_like(&found));
            // The most square "L" is the code's, its corner the top-left finder.
            let t = triples(&found, 3);
            assert!(
                (t[0].corner.x - 54.0).abs() < 2.0 && (t[0].corner.y - 44.0).abs() < 2.0,
                "{t:?}"
            );
        }
    }

    #[test]
    fn flat_and_striped_pictures_have_no_finders() {
        let flat = Gray::new(200, 100, vec![77; 20_000]).unwrap();
        assert!(candidates(&flat).is_empty());
        // Vertical stripes pass horizontally but never vertically.
        let stripes = Gray::new(
            200,
            100,
            (0..20_000)
                .map(|i| if i % 200 / 4 % 2 == 0 { 0 } else { 255 })
                .collect(),
        )
        .unwrap();
        assert!(candidates(&stripes).is_empty());
        assert!(!code_like(&[]));
    }

    /// Diagnostic: `cargo test -p qrpass --lib finder::tests::dim_files -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn dim_files() {
        let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target");
        for e in std::fs::read_dir(&dir).unwrap() {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if !name.starts_with("dim-miss-") {
                continue;
            }
            let g =
                crate::qr::image_decode::decode_to_gray(&std::fs::read(&path).unwrap()).unwrap();
            let full = candidates(&g);
            let half = candidates(&g.downscale(2).unwrap());
            let third = candidates(&g.downscale(3).unwrap());
            println!(
                "{name}: full {} {:?}",
                full.len(),
                full.iter()
                    .map(|c| (c.x as i32, c.y as i32, c.module))
                    .collect::<Vec<_>>()
            );
            println!(
                "   half {} {:?}",
                half.len(),
                half.iter()
                    .map(|c| (c.x as i32 * 2, c.y as i32 * 2, c.module * 2.0))
                    .collect::<Vec<_>>()
            );
            println!("   third {} like {}", third.len(), code_like(&third));
        }
    }

    /// Timing breakdown, printed: `cargo test --release -p qrpass --lib finder::tests::timing -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn timing() {
        let (w, h) = (1280u32, 720u32);
        let mut s = 1u32;
        let data: Vec<u8> = (0..w * h)
            .map(|i| {
                if i % 16 == 0 {
                    s = s.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                }
                ((s >> 24) as u8 / 2).wrapping_add(((i % w) / 3 % 2 * 60) as u8)
            })
            .collect();
        let g = Gray::new(w, h, data).unwrap_or_else(|_| unreachable!());
        let time = |label: &str, f: &dyn Fn()| {
            let t = std::time::Instant::now();
            for _ in 0..20 {
                f();
            }
            println!("{label}: {:.3} ms", t.elapsed().as_secs_f64() * 50.0);
        };
        time("thresholds", &|| drop(Thresholds::new(&g, PREPASS)));
        time("candidates", &|| drop(candidates(&g)));
        time("downscale", &|| drop(g.downscale(2)));
        time("frame_candidates", &|| drop(frame_candidates(&g)));
        println!("{} candidates", candidates(&g).len());
    }
}
