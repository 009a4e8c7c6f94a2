// Hand-written (not generated): the code and family of any QrpassError.
import Foundation

extension QrpassError {
    /// The stable snake_case error code (the same in every qrpass binding).
    public var code: String {
        switch self {
        case let .Format(code, _), let .Signature(code, _), let .Trust(code, _),
             let .Time(code, _), let .Other(code, _):
            return code
        }
    }

    /// What went wrong, in English.
    public var detail: String {
        switch self {
        case let .Format(_, detail), let .Signature(_, detail), let .Trust(_, detail),
             let .Time(_, detail), let .Other(_, detail):
            return detail
        }
    }
}
