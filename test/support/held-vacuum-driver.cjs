// A store driver for worker threads in tests: better-sqlite3 whose `VACUUM INTO ?` writes the copy,
// leaves `<copy>.written`, then holds until `<copy>.go` exists (at most 120 s) before it returns.
// A test runs something else on the folder while a backup's copy is written but not yet named.
const fs = require('node:fs');
const Database = require('better-sqlite3');

class HeldVacuumDatabase extends Database {
  prepare(sql) {
    const statement = super.prepare(sql);
    if (!/^VACUUM INTO/i.test(sql)) return statement;
    return {
      run: (target) => {
        const result = statement.run(target);
        fs.writeFileSync(`${target}.written`, '');
        const wait = new Int32Array(new SharedArrayBuffer(4));
        for (const until = Date.now() + 120_000; !fs.existsSync(`${target}.go`) && Date.now() < until; ) Atomics.wait(wait, 0, 0, 10);
        return result;
      },
    };
  }
}
module.exports = HeldVacuumDatabase;
