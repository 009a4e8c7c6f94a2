// Types of the qrpass package. Every function that fails throws a QrpassError.

/** A time: Unix seconds, an RFC 3339 string, or a Date. Omitted: now. */
export type TimeLike = number | string | Date;

/** Thrown for every failure. `code` is the core's stable snake_case code
 *  (`errorCodes()` lists them all); `family` groups them. */
export interface QrpassError extends Error {
  name: "QrpassError";
  code: string;
  family: "format" | "signature" | "trust" | "time" | "validation" | "key" | "input" | "qr" | "policy";
}

/** A pass as JSON: the shape of spec/examples/*.json, with its `kind`. */
export interface Pass {
  kind: "permit" | "declaration" | "infection_status" | "support_entitlement";
  validity: { from: string; until: string };
  [field: string]: unknown;
}

/** State of a signed list used by a verification. */
export interface ListStatus {
  sequence: number;
  issued_at: string;
  next_update: string;
  stale: boolean;
}

/** A verified pass. Times are RFC 3339 strings, `kid` and `cti` hex. */
export interface Verified {
  pass: Pass;
  issuer: string;
  kid: string;
  iat: string;
  exp: string;
  cti: string;
  /** Present when signed lists were used. */
  trust?: { trust_list?: ListStatus; revocation_list?: ListStatus };
}

/** One result of `verifyMany`. */
export type VerifyOutcome =
  | { outcome: "valid"; code: null; verified: Verified }
  | { outcome: "invalid"; code: string; message: string };

export interface VerifierOptions {
  /** Allowed clock difference in seconds (default 300). */
  clockSkew?: number;
  /** Revoked token ids (hex). */
  revokedCtis?: string[];
}

export class Verifier {
  /** Trusts the keys of a trust file (JSON text or its object). */
  constructor(trust: string | object, options?: VerifierOptions);
  /** Throws a QrpassError when the token does not verify. */
  verify(text: string, at?: TimeLike): Verified;
  /** Never throws for a bad token: one outcome per text, in order. */
  verifyMany(texts: string[], at?: TimeLike): VerifyOutcome[];
  free(): void;
}

export interface LoadOutcome {
  outcome: "loaded" | "unchanged";
  sequence: number;
}

export class TrustAnchor {
  /** Lists must be signed by this root (64 hex characters). */
  constructor(rootPublicKey: string, options?: { minSequence?: number; minRevocationSequence?: number });
  /** A signed trust list: bytes, or its `VN1T:` text. Throws when rejected. */
  loadTrustList(file: Uint8Array | string): LoadOutcome;
  /** A signed revocation list: bytes, or its `VN1R:` text. */
  loadRevocationList(file: Uint8Array | string): LoadOutcome;
  verifier(clockSkew?: number): Verifier;
  readonly root: string;
  readonly trustSequence: number | undefined;
  readonly revocationSequence: number | undefined;
  free(): void;
}

/** Which policy made a decision (spec/TRUST.md §9.3). */
export interface PolicyRef {
  id: string;
  sequence: number | null;
  signed: boolean;
}

/** What an accepted offer did. */
export interface Offered {
  kind: "trust_list" | "revocation_list" | "revocation_delta" | "policy" | "dsc_list";
  outcome: "loaded" | "unchanged";
  sequence: number;
  id?: string;
}

/** One artifact's line in a checkpoint status. */
export interface ArtifactStatus {
  kind: "trust_list" | "revocation_list" | "policy" | "dsc_list";
  id?: string;
  sequence: number | null;
  issued_at: string | null;
  next_update: string | null;
  age_seconds: number | null;
  state: "fresh" | "due" | "stale" | "expired" | "missing";
}

/** A checkpoint's status (spec/TRUST.md §9.4). */
export interface CheckpointStatus {
  checkpoint_id: string;
  area: string | null;
  artifacts: ArtifactStatus[];
  policy_in_force: PolicyRef;
  clock_behind: boolean;
  clock_suspect: boolean;
  drift_seconds: number | null;
  next_refresh_at: string;
  tally_total: number;
  /** What the policy in force does with a stale list or a clock warning. */
  policy_actions: {
    stale_trust_list: "allow" | "review" | "deny";
    stale_revocation_list: "allow" | "review" | "deny";
    clock_behind: "allow" | "review" | "deny";
    clock_drift: "allow" | "review" | "deny";
    max_drift_seconds: number;
  };
}

/** A checkpoint's whole state: trust list, revocation list, signed policies,
 *  tally (from the checkpoint module: `const { Checkpoint } = await checkpoint()`);
 *  the DCC module's (`const { Checkpoint } = await dcc()`) has the same API and
 *  saved state, and also holds a root-signed DSC list. */
export interface Checkpoint {
  /** Any signed artifact (bytes or text); throws when refused, changing nothing.
   *  A DSC list (`VN1D:`): loaded by the DCC module's Checkpoint, `dcc_unsupported` in the checkpoint module's. */
  offer(file: Uint8Array | string): Offered;
  /** `count: false` decides without counting in the tally (to learn whether an ID card is wanted).
   *  The DCC module's Checkpoint decides an `HC1:` text by the policy's `dcc` rules
   *  (view: `name`, `dob`, `statement` only); the checkpoint module's denies it (`bad_prefix`). */
  check(text: string, options?: { at?: TimeLike; idCard?: string; count?: boolean }): Decision & { policy: PolicyRef };
  status(at?: TimeLike): CheckpointStatus;
  save(): Uint8Array;
  setArea(area: string | null): void;
  setLocalPolicy(policy: string | object | null): void;
  setRefresh(floorSeconds: number, maxBackoffSeconds: number): void;
  recordRefresh(ok: boolean, at?: TimeLike): void;
  setTimeHint(trusted: TimeLike, deviceNow: TimeLike): void;
  tallyCsv(): string;
  tallyJson(): string;
  resetTally(): void;
  /** The entries of a signed index (`VN1I:`) newer than what is held. */
  wanted(index: Uint8Array | string): object[];
  free(): void;
}
export interface CheckpointClass {
  new (rootPublicKey: string, checkpointId: string, area: string | null): Checkpoint;
  /** From `save()`'s bytes; throws `bad_checkpoint_state` when damaged. */
  restore(saved: Uint8Array): Checkpoint;
}
/** Loads the checkpoint module; resolves to what decides about the person in
 *  front of the officer: `Checkpoint`, `Policy`, `IdCard`, `bind`, and the
 *  module's own `Verifier`, `TrustAnchor` and `classify`. A wasm-bindgen object
 *  does not cross modules: give `Policy.check` this module's `Verifier`, not the
 *  verifier module's (that throws `expected instance of Verifier`). */
export function checkpoint(): Promise<{
  Checkpoint: CheckpointClass;
  Policy: PolicyClass;
  IdCard: IdCardClass;
  bind: typeof bind;
  Verifier: typeof Verifier;
  TrustAnchor: typeof TrustAnchor;
  classify: typeof classify;
}>;
/** Loads the checkpoint module once; resolves to its exports. */
export function loadCheckpoint(): Promise<unknown>;

/** A reason behind a decision, with its sentence in English and Vietnamese. */
export interface Reason {
  code: string;
  outcome: "allow" | "review" | "deny";
  en: string;
  vi: string;
}

/** What a checker's screen shows: no more personal data than the check needs.
 *  For a pass that failed verification only `decision` and `reasons` are set. */
export interface DisplayView {
  decision: "allow" | "review" | "deny";
  reasons: Reason[];
  kind?: Pass["kind"];
  name?: string;
  /** The ID number with all but its last 4 characters masked. */
  id_masked?: string;
  valid_from?: string;
  valid_until?: string;
  issuer?: string;
  /** How the scanned ID card compared with the pass (only its masked number). */
  holder?: HolderCheck;
  /** A verified EU DCC checked at the DCC module's Checkpoint: the date of birth
   *  as the certificate gives it (`1979`, `1979-04`, a full date, or empty). */
  dob?: string;
  /** A verified EU DCC: the statement summary, e.g. `vaccination 2/2 on 2021-05-29 (AT)`. */
  statement?: string;
  /** A verified EU DCC: the statement summary in Vietnamese, e.g. `tiêm mũi 2/2 ngày 2021-05-29 (AT)`. */
  statement_vi?: string;
}

export interface HolderCheck {
  result: "match" | "marks_only" | "mismatch" | "missing";
  id?: "match" | "old_id_match" | "mismatch";
  name?: "exact" | "equivalent" | "marks_only" | "mismatch";
  birth_date?: "match" | "mismatch" | "absent";
  card_id_masked?: string;
  inconsistent_number: boolean;
}

/** A citizen ID card (CCCD) read from its QR text (the checkpoint module's:
 *  `const { IdCard } = await checkpoint()`). `console.log` shows no field;
 *  `masked()` is what may be shown, `toJSON()` every field. */
export interface IdCard {
  readonly number: string;
  readonly oldNumber?: string;
  readonly name: string;
  /** YYYY-MM-DD */
  readonly birthDate: string;
  readonly sex: "male" | "female";
  /** Never put it in a view, a log or a tally. */
  readonly address: string;
  readonly issueDate: string;
  readonly inconsistentNumber: boolean;
  masked(): {
    number_masked: string;
    old_number_masked?: string;
    name: string;
    birth_date: string;
    sex: "male" | "female";
    inconsistent_number: boolean;
    number_conflicts: ("province" | "sex" | "century" | "birth_year")[];
  };
  toJSON(): Record<string, unknown>;
  free(): void;
}
export interface IdCardClass {
  /** Parses a card's QR text (`bad_id_card`, `empty_input`, `input_too_large`). */
  parse(text: string): IdCard;
}

/** What a scanned text is. */
export function classify(
  text: string,
): "pass" | "trust_list" | "revocation_list" | "policy" | "other_signed" | "id_card" | "eu_dcc" | "unknown";

/** Compares a verified pass (what `Verifier.verify` returned) with an ID card
 *  (the checkpoint module's: `const { bind } = await checkpoint()`). */
declare function bind(
  verified: object,
  card: IdCard,
): { id: string; name: string; birth_date: string; summary: "match" | "marks_only" | "mismatch" };

/** The ID card in a PNG or JPEG photo (loads the QR and checkpoint modules). */
export function readIdCard(bytes: Uint8Array): Promise<IdCard>;

export interface Decision {
  outcome: "allow" | "review" | "deny";
  codes: string[];
  reasons: Reason[];
  view: DisplayView;
}

/** A checkpoint policy (the checkpoint module's: `const { Policy } = await checkpoint()`). */
export interface Policy {
  /** Verifies and decides with the checkpoint module's `Verifier`; `area` is the
   *  checkpoint's area code ("79.760"). */
  check(
    verifier: Verifier,
    text: string,
    options?: { area?: string; at?: TimeLike; /** the QR text of the ID card scanned with the pass */ idCard?: string },
  ): Decision;
  free(): void;
}
export interface PolicyClass {
  /** A checkpoint policy: JSON text or its object (`bad_policy`). */
  new (policy: string | object): Policy;
}

/** Decodes a token WITHOUT verifying it. Anyone can forge what this shows. */
export function inspect(text: string): {
  kid: string;
  issuer: string;
  iat: string;
  cti: string;
  cose_len: number;
  unverified_pass: Pass;
};

/** Every stable error code. */
export function errorCodes(): string[];

/** The error qrpass throws for `code` (returned, not thrown); throws `invalid_argument` for an unknown code. */
export function errorForCode(code: string): Error & { code: string; family: string };

/** Loads the QR module (about 0.5 MB) ahead of the first scan. */
export function loadQr(): Promise<unknown>;
/** Texts of the QR codes in canvas pixels. */
export function scanImageData(image: ImageData | { data: Uint8ClampedArray; width: number; height: number }): Promise<string[]>;
/** Texts of the QR codes in a greyscale frame. */
export function scanLuma(luma: Uint8Array, width: number, height: number, rowStride?: number): Promise<string[]>;
/** Texts of the QR codes in PNG or JPEG bytes. */
export function scanImage(bytes: Uint8Array): Promise<string[]>;
/** The QR code of `text` as SVG. */
export function renderSvg(text: string, ecc?: "L" | "M" | "Q" | "H"): Promise<string>;

/** A code found by a Scanner: its text and corners (clockwise from the code's top left, frame pixels). */
export interface ScannedCode {
  text: string;
  corners: [{ x: number; y: number }, { x: number; y: number }, { x: number; y: number }, { x: number; y: number }];
}

/** A camera-loop scanner made by createScanner(); synchronous, one per camera or Web Worker. */
export interface Scanner {
  /** Codes in a greyscale frame ([] when none); the buffer may be a transferred ArrayBuffer. */
  scanLuma(luma: ArrayBuffer | ArrayBufferView, width: number, height: number, rowStride?: number): ScannedCode[];
  /** Codes in canvas pixels ([] when none). */
  scanImageData(image: ImageData | { data: ArrayBuffer | ArrayBufferView; width: number; height: number }): ScannedCode[];
  /** Counters since creation or reset(). */
  stats(): { frames: number; skipped: number; fromRegion: number; decoded: number };
  /** Forgets the last code's box and zeroes the counters. */
  reset(): void;
  /** Frees the WebAssembly memory of the scanner. */
  free(): void;
}

/** Loads the QR module and makes a camera-loop Scanner (prepass and regionOfInterest default to true). */
export function createScanner(options?: { prepass?: boolean; regionOfInterest?: boolean }): Promise<Scanner>;

/** An Ed25519 issuer private key (from the issuing module: `await issuing()`). */
export interface PrivateKey {
  /** The key id (kid) in hex. */
  readonly kid: string;
  /** PKCS#8 PEM text. */
  toPem(): string;
  /** The public key as SPKI PEM text. */
  publicKeyPem(): string;
  /** The public key's 32 raw bytes in hex. */
  publicKeyHex(): string;
  free(): void;
}
export interface PrivateKeyClass {
  /** A new random key (crypto.getRandomValues). */
  generate(): PrivateKey;
  /** The key of a 32-byte seed (fixed test keys); `bad_key` otherwise. */
  fromSeed(seed: Uint8Array): PrivateKey;
  /** A key from PKCS#8 PEM; `bad_key` when it is not one. */
  fromPem(pem: string): PrivateKey;
}
export interface Issuer {
  readonly issuerId: string;
  readonly kid: string;
  /** Signs a pass (JSON text or object); deterministic when both `iat` and `cti` (hex) are given. */
  issue(pass: string | object, options?: { iat?: TimeLike; cti?: string }): string;
  free(): void;
}
export interface IssuerClass {
  new (key: PrivateKey, issuerId: string): Issuer;
}
/** Loads the issuing module; resolves to its classes. */
export function issuing(): Promise<{ PrivateKey: PrivateKeyClass; Issuer: IssuerClass }>;
/** Loads the issuing module once; resolves to its exports. */
export function loadIssue(): Promise<unknown>;
/** The QR code of `text` as PNG bytes (loads the issuing module). */
export function renderPng(text: string, ecc?: "L" | "M" | "Q" | "H", modulePx?: number, quietZone?: number): Promise<Uint8Array>;

// ---- EU Digital COVID Certificates (HC1:): the DCC module, `await dcc()` ----

/** A DCC payload as core's `dcc::Certificate` serialises it. */
export interface DccCertificate {
  ver: string;
  nam: { fn?: string; fnt: string; gn?: string; gnt?: string };
  /** Possibly partial (`1979`, `1979-04`) or empty. */
  dob: string;
  statement: { type: "vaccination" | "test" | "recovery"; co: string; [field: string]: unknown };
}

/** A verified EU DCC. Times are RFC 3339 strings, `kid` hex. */
export interface VerifiedDcc {
  certificate: DccCertificate;
  /** The issuing country (`iss`), when the DCC names one. */
  issuer?: string | null;
  kid: string;
  iat: string;
  exp: string;
}

/** One result of `verifyAny`, `AnyVerifier.verify` or `DccVerifier.verifyMany`. */
export type AnyOutcome =
  | { outcome: "valid"; code: null; verified: ({ format: "vn1" } & Verified) | ({ format: "hc1" } & VerifiedDcc) }
  | { outcome: "invalid"; code: string; message: string };

/** Document-signer certificates trusted for DCCs. */
export interface DscList {
  /** Adds another file's certificates; nothing is added when any is refused (`bad_trust_list`). */
  extend(file: Uint8Array | string): void;
  readonly length: number;
  free(): void;
}
export interface DscListClass {
  /** What core's `DscList::from_bytes` reads: DER, base64 DER, PEM, or JSON `[{kid, certificate}]`. */
  fromBytes(file: Uint8Array | string): DscList;
}

/** A time for the DCC module: as TimeLike, and also the DCC test data's clocks (`+0000`, or no offset for UTC). */
export type DccTimeLike = TimeLike;

export interface DccVerifier {
  /** Throws a QrpassError when the DCC does not verify (`bad_zlib`, `dsc_expired`, …). */
  verify(text: string, at?: DccTimeLike): VerifiedDcc;
  /** Never throws for a bad DCC: one outcome per text, in order. */
  verifyMany(texts: string[], at?: DccTimeLike): AnyOutcome[];
  free(): void;
}
export interface DccVerifierClass {
  new (list: DscList, options?: { clockSkew?: number }): DccVerifier;
}

/** Verifies VN1: and HC1: through one call (core `dcc::AnyVerifier`). */
export interface AnyVerifier {
  verify(text: string, at?: DccTimeLike): AnyOutcome;
  free(): void;
}
export interface AnyVerifierClass {
  /** `trust`: a trust file's JSON (as `new Verifier(trust)` takes), or null for no qrpass keys. */
  new (trust: string | object | null, dcc: DccVerifier, options?: { clockSkew?: number }): AnyVerifier;
}

/** The minimal view of a checked DCC: name, date of birth, statement summary. For a DCC that failed verification only `decision` and `reasons`. */
export interface DccView {
  decision: "allow" | "deny";
  /** Rule codes (`not_full_course`, `dose_too_recent`, `dose_too_old`, `test_not_negative`, `test_too_old`,
   *  `test_type_not_accepted`, `recovery_not_valid`, `statement_not_accepted`, `holder_mismatch`) or the verification's error code. */
  reasons: string[];
  name?: string;
  dob?: string;
  /** e.g. `vaccination 2/2 on 2021-05-29 (AT)`. */
  statement?: string;
  /** The statement summary in Vietnamese. */
  statement_vi?: string;
}

/** A passport's identity: MRZ names (`<` between parts) and date of birth (YYYY-MM-DD). */
export interface Passport {
  surname: string;
  given: string;
  dob: string;
}

export interface DccPolicy {
  /** Verifies and decides; with a passport, a holder whose names or date of birth differ adds `holder_mismatch`. */
  check(dcc: DccVerifier, text: string, options?: { at?: DccTimeLike; passport?: Passport }): {
    outcome: "allow" | "deny";
    codes: string[];
    message?: string;
    view: DccView;
  };
  free(): void;
}
export interface DccPolicyClass {
  /** DCC rules (JSON text or object, docs/dcc.md); `bad_policy` on any unknown field. */
  new (policy: string | object): DccPolicy;
}

/** Loads the DCC module once; resolves to its exports. */
export function loadDcc(): Promise<unknown>;
/** Loads the DCC module; resolves to its classes and `verifyAny`. */
export function dcc(): Promise<{
  DscList: DscListClass;
  DccVerifier: DccVerifierClass;
  AnyVerifier: AnyVerifierClass;
  /** One call for both formats: `new AnyVerifier(trust, dcc).verify(text, at)`. */
  verifyAny(text: string, trust: string | object | null, dcc: DccVerifier, at?: DccTimeLike): AnyOutcome;
  DccPolicy: DccPolicyClass;
  /** The checkpoint module's Checkpoint (same API, same saved state) with a DSC list and HC1: checks. */
  Checkpoint: CheckpointClass;
  /** The verifier module's classify, so that a page taking DCCs needs no other module. */
  classify: typeof classify;
}>;
