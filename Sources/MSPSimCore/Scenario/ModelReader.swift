import Yams

/// Reads one model of `models:` into a `ModelSpec`, with the key table of
/// `ParameterID` and `EventID` (Model/ParameterID.swift).
enum ModelReader {
  static let sections: [ModelSection] = [.clients, .acquisition, .churn, .adoption, .costs]

  /// The keys a section's mapping may hold: the `delivery_share.<kind>` keys are one
  /// nested mapping, `delivery_share`.
  static func keys(of section: ModelSection) -> [String] {
    var keys: [String] = []
    for id in ParameterID.allCases where id.section == section {
      let key = id.deliveryShareStream == nil ? id.key : deliveryShareKey
      if !keys.contains(key) { keys.append(key) }
    }
    keys += EventID.allCases.filter { $0.section == section }.map(\.key)
    if section == .stream(.marketplace) { keys.append(MarketplaceProgram.key) }
    if section == .adoption { keys.append(funnelKey) }
    return keys
  }

  static let deliveryShareKey = "delivery_share"
  /// `adoption.funnel`: a nested mapping, the section `.funnel` (docs/model.md, "The sales funnel").
  static let funnelKey = "funnel"

  static func read(
    name: String, node: Node, reader r: inout YAMLReader, market: [MarketParameter],
    marketNames: [String]
  ) -> ModelSpec? {
    let mpath = "models." + name
    guard let pairs = r.mapping(node, mpath, expected: "a model: a mapping with clients, streams, costs, ...") else {
      return nil
    }
    r.rejectUnknown(pairs, allowed: ScenarioLoader.modelKeys, mpath)
    var nodes: [String: (keyNode: Node, value: Node)] = [:]
    for p in pairs { nodes[p.key] = (p.keyNode, p.value) }
    let errorsBefore = r.log.issues.count

    var params = ParameterID.allCases.map { ParameterSpec.constant($0.defaultValue ?? 0) }
    var events = [ParameterSpec?](repeating: nil, count: EventID.allCases.count)
    var given = Set<Int>()

    // Streams first: which streams exist decides which keys are required.
    var streams: [StreamKind] = []
    var streamNodes: [StreamKind: Node] = [:]
    if let sn = nodes["streams"] {
      if let sp = r.mapping(sn.value, mpath + ".streams", expected: "a mapping of stream kinds to their parameters") {
        let kinds = StreamKind.allCases.map(\.rawValue)
        r.rejectUnknown(sp, allowed: kinds, mpath + ".streams")
        for p in sp {
          if let k = StreamKind(rawValue: p.key) {
            streams.append(k)
            streamNodes[k] = p.value
          }
        }
        if sp.isEmpty {
          r.log.report(
            YAMLReader.position(sn.value), mpath + ".streams",
            "a model needs at least one stream (allowed: \(kinds.joined(separator: ", ")))")
        }
      }
    } else {
      r.log.report(
        YAMLReader.position(node), mpath + ".streams",
        "missing required key 'streams': a model needs at least one stream (allowed: \(StreamKind.allCases.map(\.rawValue).joined(separator: ", ")))"
      )
    }
    streams.sort()

    func readSection(_ section: ModelSection, _ sectionNode: Node?, sectionKeyPosition: SourcePosition?) {
      let spath = mpath + "." + section.path
      var entries: [String: Node] = [:]
      if let sectionNode {
        guard let sp = r.mapping(sectionNode, spath) else { return }
        r.rejectUnknown(sp, allowed: keys(of: section), spath)
        for p in sp { entries[p.key] = p.value }
        if let shares = entries.removeValue(forKey: deliveryShareKey) {
          readDeliveryShares(shares, spath + "." + deliveryShareKey, into: &entries)
        }
        if section == .stream(.marketplace), let list = entries.removeValue(forKey: MarketplaceProgram.key) {
          readPrograms(list, spath, section: sp)
        }
        if section == .adoption, let funnel = sp.first(where: { $0.key == funnelKey }) {
          entries.removeValue(forKey: funnelKey)
          funnelNode = funnel
        }
        if section == .funnel { givenEvents.formUnion(EventID.allCases.filter { entries[$0.key] != nil }) }
      }
      let where_ = sectionNode.map(YAMLReader.position) ?? YAMLReader.position(node)
      for id in ParameterID.allCases where id.section == section {
        let path = spath + "." + id.key
        if let n = entries[id.key] {
          if let spec = parameter(n, path, domain: id.domain, reader: &r, market: market, marketNames: marketNames) {
            params[id.rawValue] = spec
            given.insert(id.rawValue)
          }
        } else if id.defaultValue == nil, sectionNode != nil || section == .clients {
          r.log.report(where_, path, "missing required key '\(id.key)' (\(id.unit))")
        }
      }
      for id in EventID.allCases where id.section == section {
        let path = spath + "." + id.key
        // With programs, each program has its own commission.
        if id == .marketCommission, !programs.isEmpty || hasProgramsKey { continue }
        if let n = entries[id.key] {
          if let spec = parameter(n, path, domain: id.domain, reader: &r, market: market, marketNames: marketNames) {
            events[id.rawValue] = spec
          }
        } else if section == .funnel, id.isOptional {
          events[id.rawValue] = .constant(0)
        } else if id.follows == nil, !id.isOptional, sectionNode != nil || section == .clients {
          // A quantity that follows another (EventID.follows) is optional: nil draws from its source.
          r.log.report(where_, path, "missing required key '\(id.key)' (\(id.unit))")
        }
      }
    }

    var programs: [MarketplaceProgram] = []
    var hasProgramsKey = false
    var funnelNode: (key: String, keyNode: Node, value: Node)?
    var givenEvents = Set<EventID>()
    /// `streams.marketplace.programs`: a list of {share, commission, months}, shares
    /// summing to 1, instead of `commission` and `commission_months`.
    func readPrograms(_ n: Node, _ spath: String, section: [(key: String, keyNode: Node, value: Node)]) {
      hasProgramsKey = true
      let path = spath + "." + MarketplaceProgram.key
      for single in [EventID.marketCommission.key, ParameterID.marketCommissionMonths.key] {
        if let p = section.first(where: { $0.key == single }) {
          r.log.report(
            YAMLReader.position(p.keyNode), spath + "." + single,
            "give either \(MarketplaceProgram.key) or \(single), not both (\(MarketplaceProgram.key) holds each program's commission and months)"
          )
        }
      }
      let expected =
        "a list of up to \(MarketplaceProgram.maximumCount) programs like [{share: 0.7, commission: 0.1, months: 0}, {share: 0.3, commission: 0.25, months: 24}]"
      guard case .sequence(let items) = n, !items.isEmpty, items.count <= MarketplaceProgram.maximumCount else {
        var got = YAMLReader.describe(n)
        if case .sequence(let items) = n { got = items.isEmpty ? "an empty list" : "a list of \(items.count)" }
        r.log.report(YAMLReader.position(n), path, "expected \(expected), got \(got)")
        return
      }
      var read: [MarketplaceProgram] = []
      for (k, item) in items.enumerated() {
        let ppath = path + "[\(k)]"
        guard let fields = r.mapping(item, ppath, expected: "a program: {share, commission, months}") else { continue }
        r.rejectUnknown(fields, allowed: MarketplaceProgram.keys, ppath)
        var share: Double?
        var commission: ParameterSpec?
        var months = 0
        var ok = true
        for f in fields {
          switch f.key {
          case "share":
            guard let x = r.number(f.value, ppath + ".share") else {
              ok = false
              continue
            }
            guard x > 0, x <= 1 else {
              r.log.report(
                YAMLReader.position(f.value), ppath + ".share",
                "\(plain(x)) is not allowed (allowed: a share > 0 and <= 1)")
              ok = false
              continue
            }
            share = x
          case "commission":
            commission = parameter(
              f.value, ppath + ".commission", domain: EventID.marketCommission.domain, reader: &r, market: market,
              marketNames: marketNames)
            if commission == nil { ok = false }
          case "months":
            guard
              let m = r.integer(
                f.value, ppath + ".months", in: 0...MarketplaceProgram.maximumMonths,
                what: "a whole number of months >= 0 (0: for ever)")
            else {
              ok = false
              continue
            }
            months = m
          default: ok = false
          }
        }
        for required in ["share", "commission"] where !fields.contains(where: { $0.key == required }) {
          r.log.report(YAMLReader.position(item), ppath + "." + required, "missing required key '\(required)'")
          ok = false
        }
        if ok, let share, let commission {
          read.append(MarketplaceProgram(share: share, commission: commission, months: months))
        }
      }
      guard read.count == items.count else { return }
      let total = read.reduce(0) { $0 + $1.share }
      guard abs(total - 1) <= MarketplaceProgram.shareTolerance else {
        r.log.report(
          YAMLReader.position(n), path,
          "the programs' shares sum to \(plain(total)); they must sum to 1 (each share is a part of the routed spend)")
        return
      }
      programs = read
    }

    /// `costs.delivery_share`: a mapping of the model's stream kinds to shares.
    func readDeliveryShares(_ n: Node, _ path: String, into entries: inout [String: Node]) {
      guard
        let sp = r.mapping(n, path, expected: "a mapping of the model's stream kinds to delivery shares (0...1)")
      else { return }
      r.rejectUnknown(sp, allowed: StreamKind.allCases.map(\.rawValue), path)
      for p in sp {
        guard let k = StreamKind(rawValue: p.key) else { continue }
        guard streams.contains(k) else {
          r.log.report(
            YAMLReader.position(p.keyNode), path + "." + p.key,
            "the model has no \(p.key) stream (its streams: \(streams.map(\.rawValue).joined(separator: ", ")))")
          continue
        }
        entries[ParameterID.deliverySharePrefix + p.key] = p.value
      }
    }

    if nodes["clients"] == nil {
      r.log.report(
        YAMLReader.position(node), mpath + ".clients", "missing required key 'clients' (with initial and seats)")
    } else {
      readSection(.clients, nodes["clients"]?.value, sectionKeyPosition: nil)
    }
    for section in [ModelSection.acquisition, .churn, .adoption, .costs] {
      if let n = nodes[section.path] {
        readSection(section, n.value, sectionKeyPosition: YAMLReader.position(n.keyNode))
      }
    }
    if let funnelNode {
      readSection(.funnel, funnelNode.value, sectionKeyPosition: YAMLReader.position(funnelNode.keyNode))
      checkFunnel(at: YAMLReader.position(funnelNode.keyNode))
    }
    for k in streams { readSection(.stream(k), streamNodes[k], sectionKeyPosition: nil) }

    // vCIO-only clients buy the 2.0 services: a model without any 2.0 stream has
    // nothing to sell them (docs/model.md, "Bigger clients and vCIO-only clients").
    if given.contains(ParameterID.acquisitionVCIOOnlyRate.rawValue), !streams.contains(where: \.isMSP2) {
      r.log.report(
        nodes["acquisition"].map { YAMLReader.position($0.value) } ?? YAMLReader.position(node),
        mpath + "." + ParameterID.acquisitionVCIOOnlyRate.keyPath,
        "vCIO-only clients buy only 2.0 services, and the model has no 2.0 stream (add vcio, framework_projects, third_party_pm, app_management or marketplace, or remove the key)"
      )
    }

    /// A model adopts by a monthly probability or through a funnel, not both; the funnel
    /// closes into the vCIO service, and its quick wins are framework projects
    /// (docs/model.md, "The sales funnel").
    func checkFunnel(at position: SourcePosition) {
      let fpath = mpath + "." + ModelSection.funnel.path
      if given.contains(ParameterID.adoptionMonthly.rawValue) {
        r.log.report(
          position, fpath,
          "give either \(mpath).adoption.monthly or \(fpath), not both (the funnel replaces the monthly adoption probability)"
        )
      }
      if !streams.contains(.vcio) {
        r.log.report(
          position, fpath,
          "a funnel closes clients into the vCIO service, and the model has no vcio stream (add streams.vcio or remove the funnel)"
        )
      }
      if givenEvents.contains(.funnelQuickWinValue), !streams.contains(.frameworkProjects) {
        r.log.report(
          position, fpath + "." + EventID.funnelQuickWinValue.key,
          "a quick win is a framework project, and the model has no framework_projects stream (add it or remove the key)"
        )
      }
    }

    // A key that follows another takes its source's value when not given
    // (docs/scenario-format.md, "Keys that follow another").
    for id in ParameterID.allCases {
      if let source = id.follows, !given.contains(id.rawValue) { params[id.rawValue] = params[source.rawValue] }
    }
    guard r.log.issues.count == errorsBefore else { return nil }
    return ModelSpec(
      name: name, parameters: params, events: events, streams: streams, given: given, programs: programs,
      hasFunnel: funnelNode != nil)
  }

  /// A parameter: a number (constant), `market.NAME`, or a distribution, checked
  /// against the domain of the key that uses it.
  static func parameter(
    _ node: Node, _ path: String, domain: ParameterDomain, reader r: inout YAMLReader,
    market: [MarketParameter], marketNames: [String]
  ) -> ParameterSpec? {
    if case .scalar(let s) = node {
      if s.string.hasPrefix("market.") {
        let name = String(s.string.dropFirst("market.".count))
        guard let i = marketNames.firstIndex(of: name) else {
          var msg = "'\(s.string)' refers to no market entry"
          if let g = Suggestion.closest(to: name, in: marketNames) { msg += "; did you mean 'market.\(g)'?" }
          msg +=
            marketNames.isEmpty
            ? " (the scenario has no market: section)"
            : " (defined: \(marketNames.map { "market." + $0 }.joined(separator: ", ")))"
          r.log.report(YAMLReader.position(node), path, msg)
          return nil
        }
        // The shared draw must suit this key too: a bounded market distribution
        // outside the key's domain is an error here, as it would be written in place.
        if i < market.count, market[i].name == name,
          let problem = MarketUse.problem(market[i].distribution, domain: domain)
        {
          r.log.report(YAMLReader.position(node), path, "market.\(name): \(problem)")
          return nil
        }
        if i < market.count {
          warnIfPercent(
            market[i].distribution.mean, node, path, domain: domain, reader: &r,
            described: "market.\(name), a mean annual change of")
        }
        return .market(index: i)
      }
      guard YAMLReader.readsAsWritten(s), let x = YAMLReader.parseNumber(s.string) else {
        r.log.report(
          YAMLReader.position(node), path,
          "expected a number, a distribution or market.NAME, got \(YAMLReader.describe(node))")
        return nil
      }
      guard x.isFinite else {
        r.log.report(YAMLReader.position(node), path, "\(s.string) is not a finite number (allowed: \(domain.allowed))")
        return nil
      }
      guard domain.contains(x) else {
        r.log.report(YAMLReader.position(node), path, "\(plain(x)) is not allowed here (allowed: \(domain.allowed))")
        return nil
      }
      warnIfPercent(x, node, path, domain: domain, reader: &r)
      return .constant(x)
    }
    guard let d = r.distribution(node, path) else { return nil }
    warnIfPercent(
      d.mean, node, path, domain: domain, reader: &r,
      described: d.isConstant ? "an annual change of" : "a mean annual change of")
    if case .constant(let x) = d {
      guard domain.contains(x) else {
        r.log.report(YAMLReader.position(node), path, "\(plain(x)) is not allowed here (allowed: \(domain.allowed))")
        return nil
      }
      return .constant(x)
    }
    guard domain.accepts(support: d.support) else {
      r.log.report(
        YAMLReader.position(node), path,
        "\(d.kindName) draws range over [\(plain(d.support.lowerBound)), \(plain(d.support.upperBound))], outside what is allowed (\(domain.allowed))"
      )
      return nil
    }
    return .distribution(d)
  }

  /// An annual change whose value (or mean draw, also of the `market.NAME` entry a
  /// key uses) is above 1: allowed, but warned about, as `3` is far more often 3 %
  /// typed as a whole number than +300 % a year. `what` names the number in the warning.
  static func warnIfPercent(
    _ mean: Double, _ node: Node, _ path: String, domain: ParameterDomain, reader r: inout YAMLReader,
    described what: String = "an annual change of"
  ) {
    guard domain == .annualChange, let warning = ParameterDomain.percentTypedAsWholeNumber(mean, described: what)
    else { return }
    r.log.warn(YAMLReader.position(node), path, warning)
  }
}
