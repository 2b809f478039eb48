import ArgumentParser
import MSPSimCore

/// `mspsim schema`: the JSON Schema of the scenario format, for editors.
struct SchemaCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "schema",
    abstract: "Print the JSON Schema (draft 2020-12) of the scenario format, for editors.",
    discussion: """
      A YAML language server (VS Code's YAML extension and others) uses it to check
      and complete scenario files as they are typed. Write it beside your scenarios:
        mspsim schema > \(ScenarioSchema.fileName)
      The first line `mspsim init` writes points at that file:
        \(ScenarioSchema.languageServerLine)
      The schema checks keys, types, allowed values, required keys and the shape of
      distributions and market.NAME references; mspsim validate checks everything.
      More: docs/scenario-format.md, "Editor support".
      """)

  func run() throws { try StandardOutput.print(ScenarioSchema.text, terminator: "") }
}
