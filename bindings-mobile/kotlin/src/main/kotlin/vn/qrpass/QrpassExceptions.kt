// Hand-written (not generated): the code and detail of any QrpassException,
// whatever its family, for `catch (e: QrpassException) { e.errorCode }`.
package vn.qrpass

/** The stable snake_case error code (the same in every qrpass binding). */
val QrpassException.errorCode: String
    get() = when (this) {
        is QrpassException.Format -> code
        is QrpassException.Signature -> code
        is QrpassException.Trust -> code
        is QrpassException.Time -> code
        is QrpassException.Other -> code
    }

/** What went wrong, in English. */
val QrpassException.errorDetail: String
    get() = when (this) {
        is QrpassException.Format -> detail
        is QrpassException.Signature -> detail
        is QrpassException.Trust -> detail
        is QrpassException.Time -> detail
        is QrpassException.Other -> detail
    }
