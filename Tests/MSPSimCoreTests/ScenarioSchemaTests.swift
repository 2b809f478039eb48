import Foundation
import XCTest

@testable import MSPSimCore

/// The JSON Schema of `mspsim schema` (docs/scenario-format.md, "Editor support")
/// against the loader's own tables: the same keys at every level, and the parameter
/// sets of each distribution exactly those the reader accepts. (Validating files with
/// it is `SchemaCommandTests`, with Python's jsonschema.)
final class ScenarioSchemaTests: XCTestCase {
  /// The value at `path` (object keys) in `value`.
  func at(_ value: JSONValue, _ path: String...) -> JSONValue? {
    var v = value
    for key in path {
      guard case .object(let o) = v, let next = o[key] else { return nil }
      v = next
    }
    return v
  }

  /// The keys of the `properties` object at `path`.
  func propertyNames(_ path: String...) -> Set<String> {
    var v: JSONValue? = ScenarioSchema.document
    for key in path { v = v.flatMap { at($0, key) } }
    guard let v, case .object(let o)? = at(v, "properties") else { return [] }
    return Set(o.keys)
  }

  func testEveryLevelHasTheLoadersKeys() {
    XCTAssertEqual(propertyNames(), Set(ScenarioLoader.topKeys), "top level")
    let model = ["properties", "models", "additionalProperties"]
    XCTAssertEqual(propertyNames(model[0], model[1], model[2]), Set(ScenarioLoader.modelKeys), "a model")
    for section in ModelReader.sections {
      XCTAssertEqual(
        propertyNames(model[0], model[1], model[2], "properties", section.path), Set(ModelReader.keys(of: section)),
        section.path)
    }
    XCTAssertEqual(
      propertyNames(model[0], model[1], model[2], "properties", "adoption", "properties", ModelReader.funnelKey),
      Set(ModelReader.keys(of: .funnel)), "adoption.funnel")
    XCTAssertEqual(
      propertyNames(model[0], model[1], model[2], "properties", "streams"), Set(StreamKind.allCases.map(\.rawValue)),
      "streams")
    for kind in StreamKind.allCases {
      XCTAssertEqual(
        propertyNames(model[0], model[1], model[2], "properties", "streams", "properties", kind.rawValue),
        Set(ModelReader.keys(of: .stream(kind))), "streams.\(kind.rawValue)")
    }
    XCTAssertEqual(
      propertyNames(
        model[0], model[1], model[2], "properties", "costs", "properties", ModelReader.deliveryShareKey),
      Set(StreamKind.allCases.map(\.rawValue)), "costs.delivery_share")
    for block in DecisionBlock.allCases {
      let keys = DecisionKey.keys(of: block).map { $0.key.split(separator: ".").first.map(String.init) ?? "" }
      XCTAssertEqual(propertyNames("properties", block.rawValue), Set(keys), block.rawValue)
    }
    XCTAssertEqual(
      propertyNames("properties", "recessions", "properties", "effects"),
      Set(DecisionKey.recessionEffects.map { String($0.key.dropFirst(DecisionKey.effectsPrefix.count)) }),
      "recessions.effects")
    XCTAssertEqual(propertyNames("$defs", "distribution"), Set(DistributionKind.names), "distribution kinds")
  }

  func testRequiredKeysAreTheTablesRequiredKeys() {
    func required(_ v: JSONValue?) -> Set<String> {
      guard let v, case .list(let l)? = at(v, "required") else { return [] }
      return Set(l.compactMap { if case .text(let s) = $0 { return s } else { return nil } })
    }
    let doc = ScenarioSchema.document
    XCTAssertEqual(required(doc), ["models"])
    let model = at(doc, "properties", "models", "additionalProperties")
    XCTAssertEqual(required(model), ["clients", "streams"])
    XCTAssertEqual(required(model.flatMap { at($0, "properties", "clients") }), ["initial", "seats"])
    XCTAssertEqual(
      required(model.flatMap { at($0, "properties", "streams", "properties", "block_hours") }),
      ["hours_per_seat", "hourly_rate"])
    XCTAssertEqual(
      required(model.flatMap { at($0, "properties", "adoption", "properties", "funnel") }),
      Set(ParameterID.funnelKeys.filter { $0.defaultValue == nil }.map(\.key)))
    XCTAssertEqual(
      required(at(doc, "properties", "recessions")),
      Set(DecisionKey.keys(of: .recessions).filter(\.isRequired).map(\.key)))
    XCTAssertEqual(required(at(doc, "properties", "cash")), [])
  }

  /// Every subset of each kind's parameters, written under `market:`: the reader
  /// accepts it exactly when it is one of `parameterSets` (what the schema lists).
  func testParameterSetsAreExactlyWhatTheReaderAccepts() {
    let values: [String: String] = [
      "value": "1", "min": "0", "max": "10", "mean": "5", "sd": "2", "mu": "1", "sigma": "0.5", "mode": "4",
      "a": "2", "b": "3", "shape": "2", "scale": "3", "n": "10", "p": "0.5", "values": "[1, 2]",
      "weights": "[1, 1]", "components": "[1, {normal: {mean: 5, sd: 1}}]",
    ]
    let model = "models: {m: {clients: {initial: 1, seats: 1}, streams: {managed_services: {price_per_seat: 1}}}}\n"
    var checked = 0
    for kind in DistributionKind.allCases {
      let names = kind.requiredParameters + kind.optionalParameters
      let sets = Set(kind.parameterSets.map { Set($0) })
      for mask in 0..<(1 << names.count) {
        let subset = names.indices.filter { mask & (1 << $0) != 0 }.map { names[$0] }
        let fields = subset.map { "\($0): \(values[$0] ?? "?")" }.joined(separator: ", ")
        let yaml = "market: {x: {\(kind.name): {\(fields)}}}\n" + model
        let accepted = (try? ScenarioLoader.load(text: yaml, file: "p.yaml")) != nil
        XCTAssertEqual(accepted, sets.contains(Set(subset)), "\(kind.name) with {\(subset.joined(separator: ", "))}")
        checked += 1
      }
    }
    XCTAssertGreaterThan(checked, 40)
  }

  func testTheTextIsStableJSONOfDraft2020() throws {
    let text = ScenarioSchema.text
    XCTAssertEqual(text, ScenarioSchema.text)
    XCTAssertTrue(text.hasSuffix("}\n"))
    let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    XCTAssertEqual(object["$schema"] as? String, "https://json-schema.org/draft/2020-12/schema")
    XCTAssertEqual(object["additionalProperties"] as? Bool, false)
    XCTAssertNotNil(at(ScenarioSchema.document, "$defs", "parameter_probability"))
  }
}
