// polars.cjs TASK FILE: the parallel bench's tasks (bench/parallel.sh) in
// Polars through its Node package (nodejs-polars and
// nodejs-polars-linux-x64-gnu from npm; NODE_PATH holds them): a lazy scan,
// the task, CSV on standard output. Polars uses every core (POLARS_MAX_THREADS).
const pl = require('nodejs-polars');

const [task, file] = process.argv.slice(2);
const scan = pl.scanCSV(file);
let query;
switch (task) {
  case 'filter':
    query = scan.filter(pl.col('status').gtEq(500));
    break;
  case 'stats-g':
    query = scan.groupBy('method').agg(
      pl.col('latency_ms').count().alias('latency_ms_count'),
      pl.col('latency_ms').mean().alias('latency_ms_mean'),
      pl.col('latency_ms').quantile(0.9, 'nearest').alias('latency_ms_p90'));
    break;
  case 'top-10':
    query = scan.sort('latency_ms', true).head(10);
    break;
  case 'count-g':
    query = scan.groupBy('country').agg(pl.col('country').count().alias('count'));
    break;
  default:
    console.error(`polars.cjs: unknown task ${task}`);
    process.exit(2);
}
process.stdout.write(query.collectSync().writeCSV().toString());
