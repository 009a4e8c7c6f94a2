// The checkpoint's saved state (Checkpoint.save() bytes) in IndexedDB, so the
// page restarts offline with its lists, policies and tally.
const DB = "qrpass-web-checker";
const STORE = "state";

function open() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function run(mode, action) {
  return open().then((db) => new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const req = action(tx.objectStore(STORE));
    tx.oncomplete = () => { db.close(); resolve(req.result); };
    tx.onerror = () => { db.close(); reject(tx.error); };
  }));
}

/** The saved bytes under `key`, or undefined. */
export const load = (key) => run("readonly", (s) => s.get(key));
/** Saves `bytes` under `key`. */
export const save = (key, bytes) => run("readwrite", (s) => s.put(bytes, key));
