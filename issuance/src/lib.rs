//! Bulk issuing of qrpass passes from a province's list, for the `qrpass` CLI
//! and the Python binding alike.
//!
//! - [`input`]: the list — CSV/TSV, JSON Lines, Excel (.xlsx, .xls, .xlsb) or
//!   OpenDocument (.ods) — with the header row found under a title block, blank
//!   rows and a signature block skipped;
//! - [`columns`]: the column names in Vietnamese or English, and cell values →
//!   a permit (a CCCD or mobile number that Excel turned into a number gets its
//!   leading 0 back);
//! - [`ledger`]: `passes.csv`, the restartable record of every row;
//! - [`plan`]: reconciliation with an earlier run of the same folder;
//! - [`run`]: the whole run into a folder (passes.csv and `qr/`), on every core;
//! - [`card`]: what a printed card shows, for a painter such as the CLI's PDF.
//!
//! ```
//! use qrpass::{Issuer, PrivateKey, Timestamp};
//! use qrpass_issuance::{input, issue_into, Options};
//!
//! let dir = std::env::temp_dir().join(format!("qrpass-issuance-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir)?;
//! let list = dir.join("danh-sach.csv");
//! std::fs::write(
//!     &list,
//!     "DANH SÁCH CẤP GIẤY ĐI ĐƯỜNG\n\
//!      Số giấy,Họ và tên,Số CCCD,Mục đích,Khu vực,Hiệu lực từ,Hiệu lực đến\n\
//!      HCM-1,Nguyễn Văn An,079201001234,Đi làm,79.760,01/09/2021,15/09/2021\n",
//! )?;
//! let issuer = Issuer::new(PrivateKey::from_seed(&[7; 32]), "VN-SG")?;
//! let sheet = input::read(&list, None, None)?;
//! let iat = Timestamp::parse_rfc3339("2021-09-01T08:00:00+07:00")?;
//! let outcome = issue_into(&issuer, sheet, &dir.join("out"), iat, &Options::default(), &mut |_, _| {})?;
//! assert_eq!((outcome.summary.issued, outcome.summary.header_row), (1, 2));
//! assert!(dir.join("out/qr/HCM-1.png").exists());
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod card;
pub mod columns;
mod error;
pub mod input;
pub mod ledger;
pub mod plan;
pub mod qrfile;
pub mod run;
pub mod summary;

pub use error::{Error, Result};
pub use input::{read, Format, Sheet, SourceRow};
pub use qrfile::{file_stem, ImageFormat, QrModules};
pub use qrpass::ErrorCode;
pub use run::{issue_into, Options, Outcome};
pub use summary::Summary;
