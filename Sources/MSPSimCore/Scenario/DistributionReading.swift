import Yams

extension YAMLReader {
  /// A distribution written as a one-key mapping `{name: {params}}`, or nil (reported).
  mutating func distribution(_ node: Node, _ path: String) -> Distribution? {
    guard let pairs = mapping(node, path, expected: "a distribution such as {normal: {mean: 0, sd: 1}}") else {
      return nil
    }
    guard pairs.count == 1, let only = pairs.first else {
      log.report(
        Self.position(node), path,
        "a distribution is a mapping with exactly one key naming it, got \(pairs.count) keys (allowed: \(DistributionKind.names.joined(separator: ", ")))"
      )
      return nil
    }
    let name = only.key
    let dpath = Self.join(path, name)
    guard let kind = DistributionKind(rawValue: name) else {
      var msg = "unknown distribution '\(name)'"
      if let s = Suggestion.closest(to: name, in: DistributionKind.names) { msg += "; did you mean '\(s)'?" }
      log.report(
        Self.position(only.keyNode), dpath, msg + " (allowed: \(DistributionKind.names.joined(separator: ", ")))")
      return nil
    }
    // `constant: 5` is accepted as well as `constant: {value: 5}`.
    if kind == .constant, case .scalar = only.value {
      guard let v = number(only.value, dpath) else { return nil }
      return .constant(v)
    }
    let required = kind.requiredParameters
    guard
      let params = mapping(
        only.value, dpath, expected: "the parameters of \(name) as a mapping {\(kind.parameterSummary)}")
    else { return nil }
    rejectUnknown(params, allowed: required + kind.optionalParameters, dpath)
    var nodes: [String: Node] = [:]
    for p in params { nodes[p.key] = p.value }
    var missing = false
    for r in required where nodes[r] == nil {
      log.report(
        Self.position(only.value), dpath, "missing parameter '\(r)' (\(name) takes \(required.joined(separator: ", ")))"
      )
      missing = true
    }
    if missing { return nil }

    // Numbers first (each reported where it stands).
    var values: [String: Double] = [:]
    var bad = false
    for (k, n) in nodes where DistributionKind.form(of: k) == .number {
      if let x = number(n, Self.join(dpath, k)) { values[k] = x } else { bad = true }
    }
    if bad { return nil }
    func v(_ k: String) -> Double { values[k]! }

    let result: Result<Distribution, DistributionError>
    switch kind {
    case .constant: result = Result { () throws(DistributionError) in try .makeConstant(v("value")) }
    case .uniform: result = Result { () throws(DistributionError) in try .makeUniform(min: v("min"), max: v("max")) }
    case .normal: result = Result { () throws(DistributionError) in try .makeNormal(mean: v("mean"), sd: v("sd")) }
    case .truncatedNormal:
      result = Result { () throws(DistributionError) in
        try .makeTruncatedNormal(mean: v("mean"), sd: v("sd"), min: v("min"), max: v("max"))
      }
    case .lognormal:
      let hasMeanSD = values["mean"] != nil || values["sd"] != nil
      let hasMuSigma = values["mu"] != nil || values["sigma"] != nil
      if hasMeanSD == hasMuSigma || (hasMeanSD && (values["mean"] == nil || values["sd"] == nil))
        || (hasMuSigma && (values["mu"] == nil || values["sigma"] == nil))
      {
        log.report(
          Self.position(only.value), dpath,
          "lognormal takes either {mean, sd} of the variable or {mu, sigma} of its logarithm")
        return nil
      }
      result =
        hasMeanSD
        ? Result { () throws(DistributionError) in try .makeLognormal(mean: v("mean"), sd: v("sd")) }
        : Result { () throws(DistributionError) in try .makeLognormal(mu: v("mu"), sigma: v("sigma")) }
    case .triangular:
      result = Result { () throws(DistributionError) in
        try .makeTriangular(min: v("min"), mode: v("mode"), max: v("max"))
      }
    case .pert:
      result = Result { () throws(DistributionError) in try .makePERT(min: v("min"), mode: v("mode"), max: v("max")) }
    case .beta:
      if (values["min"] == nil) != (values["max"] == nil) {
        log.report(Self.position(only.value), dpath, "beta takes both min and max, or neither (then [0, 1])")
        return nil
      }
      result = Result { () throws(DistributionError) in
        try .makeBeta(a: v("a"), b: v("b"), min: values["min"] ?? 0, max: values["max"] ?? 1)
      }
    case .gamma:
      result = Result { () throws(DistributionError) in try .makeGamma(shape: v("shape"), scale: v("scale")) }
    case .exponential: result = Result { () throws(DistributionError) in try .makeExponential(mean: v("mean")) }
    case .poisson: result = Result { () throws(DistributionError) in try .makePoisson(mean: v("mean")) }
    case .binomial: result = Result { () throws(DistributionError) in try .makeBinomial(n: v("n"), p: v("p")) }
    case .bernoulli: result = Result { () throws(DistributionError) in try .makeBernoulli(p: v("p")) }
    case .discrete:
      guard let vals = numberList(nodes["values"]!, Self.join(dpath, "values")),
        let ws = numberList(nodes["weights"]!, Self.join(dpath, "weights"))
      else { return nil }
      result = Result { () throws(DistributionError) in try .makeDiscrete(values: vals, weights: ws) }
    case .mixture:
      let cpath = Self.join(dpath, "components")
      guard case .sequence(let seq) = nodes["components"]! else {
        log.report(
          Self.position(nodes["components"]!), cpath,
          "expected a list of distributions, got \(Self.describe(nodes["components"]!))")
        return nil
      }
      var comps: [Distribution] = []
      var ok = true
      for (i, c) in seq.enumerated() {
        if let d = distributionOrNumber(c, cpath + "[\(i)]") { comps.append(d) } else { ok = false }
      }
      guard ok, let ws = numberList(nodes["weights"]!, Self.join(dpath, "weights")) else { return nil }
      result = Result { () throws(DistributionError) in try .makeMixture(components: comps, weights: ws) }
    }
    switch result {
    case .success(let d): return d
    case .failure(let e):
      let at = nodes[e.parameter] ?? only.value
      log.report(Self.position(at), e.parameter.isEmpty ? dpath : Self.join(dpath, e.parameter), e.message)
      return nil
    }
  }

  /// A number (a constant) or a distribution.
  mutating func distributionOrNumber(_ node: Node, _ path: String) -> Distribution? {
    if case .scalar = node {
      guard let x = number(node, path) else { return nil }
      return .constant(x)
    }
    return distribution(node, path)
  }
}
