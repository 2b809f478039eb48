extension PathWorker {
  /// The inputs of Sobol evaluation `e` (docs/model.md, "Sobol indices"): each group's
  /// value at its uniform from A or B, through the input's inverse CDF: market entries
  /// into `marketValues`, model keys into `sobolParameters`, decision keys into
  /// `sobolDecision`. The correlated entries take the copula at the normals
  /// Phi^-1(u) of their group's uniforms, so they keep their correlations.
  func setSobolInputs(_ design: SobolDesign, evaluation e: Int) {
    for (g, group) in design.groups.enumerated() {
      switch group.source {
      case .market(let i):
        marketValues[i] = plan.market[i].quantile(design.uniform(group: g, component: 0, evaluation: e))
      case .correlated:
        guard let copula = plan.copula else { continue }
        for c in copula.entries.indices {
          copulaNormals[c] = GSLCDF.ugaussianPinv(design.uniform(group: g, component: c, evaluation: e))
        }
        setCorrelatedMarket(copula)
      case .model(let m, let p):
        if case .distribution(let d) = plan.models[m].parameters[p] {
          sobolParameters[m][p] = d.quantile(design.uniform(group: g, component: 0, evaluation: e))
        }
      case .decision(let k):
        if case .distribution(let d) = plan.decision[k] {
          sobolDecision[k] = d.quantile(design.uniform(group: g, component: 0, evaluation: e))
        }
      case .withinPath:
        break
      }
    }
  }
}
