//! A task's failure: the qrpass error, shown as the CLI shows one, and a hint.

use std::fmt;

use qrpass::Error;

/// A failed task, with what to do about it.
#[derive(Debug)]
pub struct TaskError {
    /// The underlying error.
    pub error: Error,
    /// What the developer might do about it.
    pub hint: Option<String>,
}

impl TaskError {
    /// Attaches a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The process exit status of a failed task.
    pub fn exit_code(&self) -> i32 {
        2
    }
}

impl From<Error> for TaskError {
    fn from(error: Error) -> Self {
        TaskError { error, hint: None }
    }
}

impl fmt::Display for TaskError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {} [{}]", self.error.message(), self.error.code())?;
        if let Some(hint) = &self.hint {
            write!(f, "\nhint: {hint}")?;
        }
        Ok(())
    }
}
