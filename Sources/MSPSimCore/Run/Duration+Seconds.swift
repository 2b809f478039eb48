extension Duration {
  /// The duration in seconds, as a `Double` (what run.json's `wall_seconds` and the
  /// shard headers record).
  var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
