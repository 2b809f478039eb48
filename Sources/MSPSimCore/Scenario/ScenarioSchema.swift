import Foundation

/// The JSON Schema (draft 2020-12) of a scenario file, for editors with a YAML
/// language server (docs/scenario-format.md, "Editor support"): `mspsim schema`
/// prints it.
///
/// Derived from the tables the loader reads with, so a key added there is in the
/// schema at once: the top-level and model keys of `ScenarioLoader`, the section keys
/// of `ModelReader.keys(of:)` with `ParameterID` and `EventID` (domains, defaults,
/// required keys, units), the `DecisionKey` blocks, `StreamKind`, the parameter sets
/// of `DistributionKind`, `MarketplaceProgram`, `Sampling` and GSL's generator names.
///
/// The schema checks what one key can check: names, types, domains, required keys,
/// the shape of a distribution and of a `market.NAME` reference. What needs several
/// keys (a distribution's own parameter rules such as min < max, a bounded support
/// outside the key's domain, a reference to an entry `market:` lacks, a delivery share
/// of a stream the model does not have, the funnel's vcio stream, the exit within
/// the horizon, correlations that cannot hold together) is left to `mspsim validate`.
public enum ScenarioSchema {
  /// The draft the schema follows.
  public static let draft = "https://json-schema.org/draft/2020-12/schema"
  /// The file name the docs and `mspsim init`'s first line use for it.
  public static let fileName = "mspsim.schema.json"
  /// The comment line `mspsim init` writes first, which points a YAML language
  /// server at the schema written beside the scenario.
  public static let languageServerLine = "# yaml-language-server: $schema=" + fileName
  /// What a `market.NAME` reference looks like.
  static let marketReferencePattern = "^market\\..+$"

  /// The schema as pretty-printed JSON with sorted keys, ending in a line break.
  public static var text: String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    // JSONValue's encoding cannot fail: every number in the schema is finite.
    let data = (try? encoder.encode(document)) ?? Data()
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  /// The schema.
  public static var document: JSONValue {
    var defs: [String: JSONValue] = [
      "text": .object(["description": .text("free text"), "type": .list(scalarTypes.map(JSONValue.text))]),
      // `description` is not read: anything goes.
      "note": .object(["description": .text("free notes, not read by mspsim")]),
      "market_reference": .object([
        "description": .text("a per-path draw shared by every model: market.NAME, an entry of market:"),
        "type": .text("string"), "pattern": .text(marketReferencePattern),
      ]),
      "distribution": distribution,
      "number_or_distribution": .object([
        "anyOf": .list([.object(["type": .text("number")]), ref("distribution")])
      ]),
    ]
    for domain in ParameterDomain.allCases { defs[parameterDef(domain)] = parameter(domain) }
    var properties: [String: JSONValue] = [
      "name": ref("text"), "description": ref("note"), "currency": ref("text"),
      "horizon_years": described(
        integer(Scenario.horizonRange), "horizon in whole years", default: Double(Scenario.defaultHorizonYears)),
      "paths": described(integer(1...Scenario.maxPaths), "paths to run", default: Double(Scenario.defaultPaths)),
      "seed": described(
        .object([
          "type": .text("integer"), "minimum": .number(0), "exclusiveMaximum": .number(Scenario.seedLimit),
        ]), "seed of every random stream (a whole number from 0 to 2^64-1)", default: Double(Scenario.defaultSeed)),
      "rng": described(
        .object(["type": .text("string"), "enum": .list(GSLRandom.generatorNames.map(JSONValue.text))]),
        "GSL generator", default: nil, defaultText: Scenario.defaultRNG),
      "discount_rate": described(
        .object([
          "type": .text("number"), "exclusiveMinimum": .number(Scenario.discountRateFloor),
          "maximum": .number(Scenario.discountRateCeiling),
        ]), "annual discount rate", default: 0),
      "market": .object([
        "description": .text("per-path draws shared by every model, each a number or a distribution"),
        "type": .text("object"), "additionalProperties": ref("number_or_distribution"),
      ]),
      "models": .object([
        "description": .text("the models, in the order outputs list them"),
        "type": .text("object"), "minProperties": .number(1), "additionalProperties": model,
      ]),
      ScenarioLoader.correlationsKey: correlations,
      "sampling": described(
        .object(["type": .text("string"), "enum": .list(Sampling.allCases.map { .text($0.rawValue) })]),
        "sampling design", default: nil, defaultText: Sampling.random.rawValue),
      "sampler": described(
        .object(["type": .text("string"), "enum": .list(Sampler.allCases.map { .text($0.rawValue) })]),
        "Poisson and binomial algorithms", default: nil, defaultText: Sampler.fast.rawValue),
    ]
    for block in DecisionBlock.allCases { properties[block.rawValue] = decisionBlock(block) }
    return .object([
      "$schema": .text(draft),
      "title": .text("mspsim scenario"),
      "description": .text("A scenario file of mspsim (docs/scenario-format.md); `mspsim validate` checks the rest."),
      "type": .text("object"),
      "properties": .object(properties),
      "required": .list([.text("models")]),
      "additionalProperties": .bool(false),
      "$defs": .object(defs),
    ])
  }

  /// What a YAML scalar may be read as where the loader takes text.
  static let scalarTypes = ["string", "number", "boolean", "null"]

  // MARK: - Parameters and distributions

  static func ref(_ def: String) -> JSONValue { .object(["$ref": .text("#/$defs/" + def)]) }

  /// `schema` with a description and, when given, a default.
  static func described(
    _ schema: JSONValue, _ description: String, default value: Double?, defaultText: String? = nil
  ) -> JSONValue {
    guard case .object(var o) = schema else { return schema }
    o["description"] = .text(description)
    if let value, value.isFinite { o["default"] = .number(value) }
    if let defaultText { o["default"] = .text(defaultText) }
    return .object(o)
  }

  static func integer(_ range: ClosedRange<Int>) -> JSONValue {
    .object([
      "type": .text("integer"), "minimum": .number(Double(range.lowerBound)),
      "maximum": .number(Double(range.upperBound)),
    ])
  }

  /// The name in `$defs` of a parameter of `domain`.
  static func parameterDef(_ domain: ParameterDomain) -> String { "parameter_" + domain.schemaName }

  /// A parameter of `domain`: a number the domain allows, `market.NAME`, or a distribution.
  static func parameter(_ domain: ParameterDomain) -> JSONValue {
    .object([
      "description": .text("a number (\(domain.allowed)), a distribution, or market.NAME"),
      "anyOf": .list([domain.numberSchema, ref("market_reference"), ref("distribution")]),
    ])
  }

  /// A key of a model section or decision block.
  static func key(_ domain: ParameterDomain, _ unit: String, default value: Double?) -> JSONValue {
    described(ref(parameterDef(domain)), unit, default: value)
  }

  /// A one-key mapping naming the distribution, its parameters under it, in one of
  /// the kind's `parameterSets` (`constant` also takes a bare number).
  static var distribution: JSONValue {
    var kinds: [String: JSONValue] = [:]
    for kind in DistributionKind.allCases {
      let forms = kind.parameterSets.map { set -> JSONValue in
        var properties: [String: JSONValue] = [:]
        for p in set { properties[p] = parameterValue(p) }
        return .object([
          "type": .text("object"), "properties": .object(properties), "required": .list(set.map(JSONValue.text)),
          "additionalProperties": .bool(false),
        ])
      }
      let summary = JSONValue.text("\(kind.name) {\(kind.parameterSummary)}")
      if kind != .constant, forms.count == 1, case .object(var only) = forms[0] {
        only["description"] = summary
        kinds[kind.name] = .object(only)
      } else {
        // `constant: 5` as well as `constant: {value: 5}`.
        let choices = kind == .constant ? [.object(["type": .text("number")])] + forms : forms
        kinds[kind.name] = .object(["description": summary, "oneOf": .list(choices)])
      }
    }
    return .object([
      "description": .text(
        "a distribution: {KIND: {parameters}}, KIND one of \(DistributionKind.names.joined(separator: ", "))"),
      "type": .text("object"), "minProperties": .number(1), "maxProperties": .number(1),
      "propertyNames": .object(["enum": .list(DistributionKind.names.map(JSONValue.text))]),
      "properties": .object(kinds),
    ])
  }

  /// The value of a distribution's parameter, by its form.
  static func parameterValue(_ name: String) -> JSONValue {
    switch DistributionKind.form(of: name) {
    case .number: return .object(["type": .text("number")])
    case .numbers: return .object(["type": .text("array"), "items": .object(["type": .text("number")])])
    case .distributions: return .object(["type": .text("array"), "items": ref("number_or_distribution")])
    }
  }

  // MARK: - Models

  static var model: JSONValue {
    var properties: [String: JSONValue] = ["description": ref("note")]
    for section in ModelReader.sections { properties[section.path] = self.section(section) }
    var streams: [String: JSONValue] = [:]
    for kind in StreamKind.allCases { streams[kind.rawValue] = section(.stream(kind)) }
    properties["streams"] = .object([
      "description": .text("the model's revenue streams (at least one)"),
      "type": .text("object"), "minProperties": .number(1), "properties": .object(streams),
      "additionalProperties": .bool(false),
    ])
    return .object([
      "description": .text("a model: clients, streams, costs, ..."),
      "type": .text("object"), "properties": .object(properties),
      "required": .list(["clients", "streams"].map(JSONValue.text)),
      "additionalProperties": .bool(false),
    ])
  }

  /// The keys of a model section, with their domains, defaults and required keys.
  static func section(_ section: ModelSection) -> JSONValue {
    var properties: [String: JSONValue] = [:]
    var required: [String] = []
    var shares: [String: JSONValue] = [:]
    for id in ParameterID.allCases where id.section == section {
      // A key that follows another has no number of its own by default: it takes the
      // same per-path draw as the key it follows, which its unit names.
      let schema = key(id.domain, id.unit, default: id.follows == nil ? id.defaultValue : nil)
      if let kind = id.deliveryShareStream {
        shares[kind.rawValue] = schema
        continue
      }
      properties[id.key] = schema
      if id.defaultValue == nil { required.append(id.key) }
    }
    if !shares.isEmpty {
      properties[ModelReader.deliveryShareKey] = .object([
        "description": .text("share of each stream's revenue spent delivering it"),
        "type": .text("object"), "properties": .object(shares), "additionalProperties": .bool(false),
      ])
    }
    for id in EventID.allCases where id.section == section {
      properties[id.key] = key(id.domain, id.unit + " (per event)", default: nil)
      if id.follows == nil, !id.isOptional, id != .marketCommission { required.append(id.key) }
    }
    var schema: [String: JSONValue] = [
      "type": .text("object"), "additionalProperties": .bool(false),
    ]
    if section == .adoption {
      properties[ModelReader.funnelKey] = self.section(.funnel)
      // The funnel replaces the monthly adoption probability.
      schema["dependentSchemas"] = .object([
        ModelReader.funnelKey: .object(["not": .object(["required": .list([.text(ParameterID.adoptionMonthly.key)])])])
      ])
    }
    if section == .stream(.marketplace) {
      properties[MarketplaceProgram.key] = programs
      // Programs, or the single commission (and its months), not both.
      let single = [EventID.marketCommission.key, ParameterID.marketCommissionMonths.key]
      schema["anyOf"] = .list(
        [EventID.marketCommission.key, MarketplaceProgram.key].map { .object(["required": .list([.text($0)])]) })
      schema["dependentSchemas"] = .object([
        MarketplaceProgram.key: .object([
          "not": .object(["anyOf": .list(single.map { .object(["required": .list([.text($0)])]) })])
        ])
      ])
    }
    schema["properties"] = .object(properties)
    if !required.isEmpty { schema["required"] = .list(required.map(JSONValue.text)) }
    return .object(schema)
  }

  /// `streams.marketplace.programs`: a list of {share, commission, months}.
  static var programs: JSONValue {
    let commission = EventID.marketCommission
    return .object([
      "description": .text("vendor partner programs, their shares summing to 1"),
      "type": .text("array"), "minItems": .number(1), "maxItems": .number(Double(MarketplaceProgram.maximumCount)),
      "items": .object([
        "type": .text("object"),
        "properties": .object([
          "share": .object([
            "description": .text("part of the routed spend"), "type": .text("number"),
            "exclusiveMinimum": .number(0), "maximum": .number(1),
          ]),
          "commission": key(commission.domain, commission.unit, default: nil),
          "months": described(
            integer(0...MarketplaceProgram.maximumMonths), "months the commission is paid (0: for ever)", default: 0),
        ]),
        "required": .list(["share", "commission"].map(JSONValue.text)),
        "additionalProperties": .bool(false),
      ]),
    ])
  }

  // MARK: - Top-level blocks

  /// `valuation:`, `cash:` or `recessions:`; a block without required keys may be empty.
  static func decisionBlock(_ block: DecisionBlock) -> JSONValue {
    var properties: [String: JSONValue] = [:]
    var effects: [String: JSONValue] = [:]
    for k in DecisionKey.keys(of: block) {
      // exit_year's 0 stands for "the horizon" (its unit says so), not a year to show.
      let schema = key(k.domain, k.unit, default: k == .exitYear ? nil : k.defaultValue)
      if k.key.hasPrefix(DecisionKey.effectsPrefix) {
        effects[String(k.key.dropFirst(DecisionKey.effectsPrefix.count))] = schema
      } else {
        properties[k.key] = schema
      }
    }
    if !effects.isEmpty {
      properties[String(DecisionKey.effectsPrefix.dropLast())] = .object([
        "description": .text("multipliers in a recession month (1: no effect)"),
        "type": .text("object"), "properties": .object(effects), "additionalProperties": .bool(false),
      ])
    }
    let required = DecisionKey.keys(of: block).filter(\.isRequired).map(\.key)
    var schema: [String: JSONValue] = [
      "type": required.isEmpty ? .list([.text("object"), .text("null")]) : .text("object"),
      "properties": .object(properties), "additionalProperties": .bool(false),
    ]
    if !required.isEmpty { schema["required"] = .list(required.map(JSONValue.text)) }
    return .object(schema)
  }

  /// `correlations:`: a list of [market.A, market.B, rho].
  static var correlations: JSONValue {
    .object([
      "description": .text("Spearman rank correlations between market entries: [market.A, market.B, rho]"),
      "type": .text("array"), "minItems": .number(1),
      "items": .object([
        "type": .text("array"),
        "prefixItems": .list([
          ref("market_reference"), ref("market_reference"),
          .object([
            "type": .text("number"), "minimum": .number(MarketCorrelation.rhoRange.lowerBound),
            "maximum": .number(MarketCorrelation.rhoRange.upperBound),
          ]),
        ]),
        "minItems": .number(3), "items": .bool(false),
      ]),
    ])
  }
}

extension ParameterDomain {
  /// Its name in the schema's `$defs` (`parameter_probability`, ...).
  var schemaName: String {
    switch self {
    case .any: return "any"
    case .probability: return "probability"
    case .nonNegative: return "non_negative"
    case .positive: return "positive"
    case .annualChange: return "annual_change"
    case .wholeNonNegative: return "whole_non_negative"
    case .wholePositive: return "whole_positive"
    }
  }

  /// A constant the domain allows, as JSON Schema (what `contains(_:)` accepts).
  var numberSchema: JSONValue {
    func number(_ bounds: [String: Double], type: String = "number") -> JSONValue {
      .object(bounds.mapValues(JSONValue.number).merging(["type": .text(type)]) { a, _ in a })
    }
    switch self {
    case .any: return number([:])
    case .probability: return number(["minimum": 0, "maximum": 1])
    case .nonNegative: return number(["minimum": 0])
    case .positive: return number(["exclusiveMinimum": 0])
    case .annualChange: return number(["exclusiveMinimum": -1])
    case .wholeNonNegative: return number(["minimum": 0], type: "integer")
    case .wholePositive: return number(["minimum": 1], type: "integer")
    }
  }
}
