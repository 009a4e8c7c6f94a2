//! `qrpass idcard`: read a citizen ID card's QR code (its text, or a photo of
//! the card) and print it as JSON, masked unless `--reveal`.

use clap::Args;
use qrpass::IdCard;

use crate::error::CliError;
use crate::io::{read_input_bytes, StatusResult};

/// Arguments of `qrpass idcard`.
#[derive(Args, Debug)]
pub struct IdCardArgs {
    /// The card's QR text, or a PNG/JPEG photo of the card; - for standard input.
    pub card: String,
    /// Print every field, the address and issue date included (default: numbers
    /// masked, no address, no issue date).
    #[arg(long)]
    pub reveal: bool,
}

/// Reads the card named on the command line (text or photo).
pub fn read_card(path: &str) -> Result<IdCard, CliError> {
    let bytes = read_input_bytes(path)?;
    IdCard::from_bytes(&bytes).map_err(|e| {
        CliError::from(e).unusable_input().hint("an ID card's QR text is number|old number|name|DDMMYYYY|sex|address|DDMMYYYY (spec/SPEC.md §13)")
    })
}

/// Runs `qrpass idcard`; status 0, or an error (status 2) for a card that does not parse.
pub fn run(args: &IdCardArgs) -> StatusResult {
    let card = read_card(&args.card)?;
    let out = match args.reveal {
        true => serde_json::to_string(&card),
        false => serde_json::to_string(&card.masked()),
    };
    println!("{}", out.unwrap_or_default());
    Ok(0)
}
