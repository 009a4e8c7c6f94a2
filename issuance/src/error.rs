//! The error of a whole run: a core [`qrpass::Error`] (stable code and
//! message) and, when there is one, a hint on how to recover.

use std::fmt;
use std::path::Path;

use qrpass::ErrorCode;

/// A run-stopping problem: the list cannot be read, the folder belongs to
/// another issuer, a file cannot be written. Row problems are never this type:
/// they are recorded in passes.csv.
#[derive(Debug)]
pub struct Error {
    error: qrpass::Error,
    hint: Option<String>,
}

/// The result of the run-level steps.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// An error with `code` and `message`.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Error {
        qrpass::Error::new(code, message).into()
    }

    /// Attaches a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Error {
        self.hint = Some(hint.into());
        self
    }

    /// The stable error code.
    pub fn code(&self) -> ErrorCode {
        self.error.code()
    }

    /// The message in plain words.
    pub fn message(&self) -> &str {
        self.error.message()
    }

    /// What the user might do about it.
    pub fn recovery(&self) -> Option<&str> {
        self.hint.as_deref()
    }

    /// The core error and the hint.
    pub fn into_parts(self) -> (qrpass::Error, Option<String>) {
        (self.error, self.hint)
    }
}

impl From<qrpass::Error> for Error {
    fn from(error: qrpass::Error) -> Error {
        Error { error, hint: None }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]", self.message(), self.code())
    }
}

impl std::error::Error for Error {}

/// An I/O failure on `path`.
pub(crate) fn io_error(path: &Path, e: std::io::Error) -> Error {
    Error::new(ErrorCode::Io, format!("{}: {e}", path.display()))
}
