//! Errors shown to a person: the message, the stable code and a recovery hint.

use std::fmt;

use qrpass::{Error, ErrorCode, ErrorFamily};

/// An error with an optional hint on how to recover.
#[derive(Debug)]
pub struct CliError {
    /// The underlying error.
    pub error: Error,
    /// What the user might do about it.
    pub hint: Option<String>,
    /// The error is in an input beside the pass (an ID card): exit 2, whatever its family.
    pub unusable_input: bool,
}

impl CliError {
    /// Attaches a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Marks the error as one in an input beside the pass (exit status 2).
    pub fn unusable_input(mut self) -> Self {
        self.unusable_input = true;
        self
    }

    /// The process exit status: 1 for an invalid pass, 2 for everything else.
    pub fn exit_code(&self) -> i32 {
        if self.unusable_input {
            return 2;
        }
        match self.error.code().family() {
            ErrorFamily::Format
            | ErrorFamily::Signature
            | ErrorFamily::Trust
            | ErrorFamily::Time => 1,
            _ => 2,
        }
    }
}

impl From<Error> for CliError {
    fn from(error: Error) -> Self {
        let hint = default_hint(error.code()).map(str::to_string);
        CliError {
            error,
            hint,
            unusable_input: false,
        }
    }
}

fn default_hint(code: ErrorCode) -> Option<&'static str> {
    Some(match code {
        ErrorCode::UnknownKey => "is the issuer's key in the trust file? (--trust)",
        ErrorCode::BadPrefix => "a qrpass text starts with VN1: — was the right QR code scanned?",
        ErrorCode::BadBase45 => "the text may have been altered or lower-cased in transit",
        ErrorCode::Expired | ErrorCode::NotYetValid => {
            "check the device clock, or pass --at to verify at another time"
        }
        ErrorCode::BadKey => {
            "keys are PEM files from `qrpass keygen` or `openssl genpkey -algorithm ed25519`"
        }
        ErrorCode::BadJson => "see spec/examples/ for the JSON shape of each pass kind",
        ErrorCode::BadTrustList => {
            "the trust file is written by `qrpass keygen` (JSON with a \"keys\" list)"
        }
        ErrorCode::NoQrFound => "try a sharper, closer photo with the whole code in view",
        _ => return None,
    })
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {} [{}]", self.error.message(), self.error.code())?;
        if let Some(hint) = &self.hint {
            write!(f, "\nhint: {hint}")?;
        }
        Ok(())
    }
}

/// An I/O failure on `path`, as a qrpass error.
pub fn io_error(path: &std::path::Path, e: std::io::Error) -> CliError {
    Error::new(ErrorCode::Io, format!("{}: {e}", path.display())).into()
}
