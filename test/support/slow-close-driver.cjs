// A store driver for worker threads in tests: better-sqlite3 whose close() first waits 300 ms,
// then closes and leaves `<file>.worker-closed`. A test that sees the marker missing when a
// worker's answer has arrived knows the worker answered before it let go of the file.
const fs = require('node:fs');
const Database = require('better-sqlite3');

class SlowCloseDatabase extends Database {
  close() {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
    const result = super.close();
    fs.writeFileSync(`${this.name}.worker-closed`, '');
    return result;
  }
}
module.exports = SlowCloseDatabase;
