/** The aggregate command: cursor reply, `$out`/`$merge`, `explain: true`. */
import { isNumeric, toDouble } from '../bson/values';
import { ErrorCode, MongoServerError } from '../errors';
import { runMerge, runOut } from '../aggregate/output';
import { runAggregate } from '../aggregate/run';
import {
  type CommandHandler,
  collectionArg,
  optionalBool,
  optionalDoc,
  optionalInt,
  rejectCollation,
  requireArray,
} from './context';
import { explainQuery } from './explain';

const aggregate: CommandHandler = (cmd, ctx) => {
  const isDbLevel = isNumeric(cmd.aggregate) && toDouble(cmd.aggregate) === 1;
  const coll = isDbLevel ? null : collectionArg(cmd, 'aggregate');
  const pipeline = requireArray(cmd, 'pipeline', 'aggregate');
  rejectCollation(cmd);
  const explain = optionalBool(cmd, 'explain') ?? false;
  const cursorOpts = optionalDoc(cmd, 'cursor');
  if (!cursorOpts && !explain) {
    throw new MongoServerError(
      ErrorCode.FailedToParse,
      "The 'cursor' option is required, except for aggregate with the explain argument",
    );
  }
  const batchSize = cursorOpts ? optionalInt(cursorOpts, 'batchSize') : undefined;
  const variables = optionalDoc(cmd, 'let');
  ctx.server.opcounters.command++;
  const result = runAggregate(ctx.store, {
    db: ctx.db,
    coll,
    pipeline,
    variables,
    hint: cmd.hint,
    now: ctx.now,
  });
  if (explain) {
    return explainQuery(ctx, `${ctx.db}.${coll ?? '$cmd.aggregate'}`, { pipeline }, result.query, cmd);
  }
  if (result.output) {
    if (result.output.kind === '$out') runOut(ctx.store, ctx.db, result.output.spec, result.docs, ctx.log);
    else runMerge(ctx.store, ctx.db, result.output.spec, result.docs, ctx.log, ctx.now);
    return {
      raw: ctx.cursors.first({ ns: `${ctx.db}.${coll ?? '$cmd.aggregate'}`, docs: [] }, batchSize, true),
    };
  }
  return {
    raw: ctx.cursors.first(
      { ns: `${ctx.db}.${coll ?? '$cmd.aggregate'}`, docs: result.docs },
      batchSize,
      false,
    ),
  };
};

export const aggregateCommands: Record<string, CommandHandler> = { aggregate };
