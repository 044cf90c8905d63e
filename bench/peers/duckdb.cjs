// duckdb.cjs -c SQL: runs SQL in an in-memory DuckDB through its Node
// package (@duckdb/node-api, from npm), for machines without the duckdb
// CLI: run.sh uses it as `duckdb` when NODE_PATH holds the package.
const { DuckDBInstance } = require('@duckdb/node-api');

(async () => {
  const at = process.argv.indexOf('-c');
  if (at < 0 || at + 1 >= process.argv.length) {
    console.error('usage: node duckdb.cjs -c SQL');
    process.exit(2);
  }
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(process.argv[at + 1]);
})().catch((e) => {
  console.error(String(e));
  process.exit(1);
});
