/** One of `count` stable slices of the accounts (`--shard index/count`, e.g. an Indexed Job's index). */
export interface Shard {
  index: number;
  count: number;
}

/** Every account belongs to exactly one shard, and stays there while `count` stays the same. */
export function inShard(accountId: number, shard: Shard): boolean {
  return accountId % shard.count === shard.index;
}
