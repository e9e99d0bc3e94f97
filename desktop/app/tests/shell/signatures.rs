//! The window's commands as TypeScript, read from the shell's own Rust source:
//! `ui/src/commands.ts` has one function per command the shell registers, taking the
//! arguments and answering what its Rust function declares, so the window cannot call a
//! command by a wrong name, with a wrong argument or expecting a wrong answer.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use syn::{Attribute, Expr, FnArg, GenericArgument, Item, Lit, Meta, Pat, PathArguments, Type};

/// Parameters the shell fills in itself, not the window.
const FROM_THE_SHELL: &[&str] = &["State", "AppHandle", "Window", "WebviewWindow"];

/// One command as the window calls it.
struct Command {
    /// The first paragraph of its Rust documentation.
    doc: String,
    /// Its arguments: camelCase name (as Tauri expects) and TypeScript type.
    args: Vec<(String, String)>,
    /// Whether it takes the request's raw body and headers (a file's bytes).
    raw_body: bool,
    /// What it answers, in TypeScript.
    answer: String,
}

fn app_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The commands the shell registers, as `(module, name)`.
fn registered() -> Vec<(String, String)> {
    let lib = std::fs::read_to_string(app_dir().join("src/lib.rs")).expect("src/lib.rs");
    let (_, list) = lib
        .split_once("generate_handler![")
        .expect("the shell registers its commands");
    let (list, _) = list.split_once(']').expect("the list ends");
    list.split(',')
        .map(str::trim)
        .filter(|path| !path.is_empty())
        .map(|path| match path.split("::").collect::<Vec<_>>()[..] {
            ["commands", module, name] => (module.to_owned(), name.to_owned()),
            _ => panic!("a command outside commands::<module>: {path}"),
        })
        .collect()
}

/// The command `name` as its function in `commands/<module>.rs` declares it.
fn command(module: &str, name: &str, names: &mut TypeNames) -> Command {
    let path = app_dir().join(format!("src/commands/{module}.rs"));
    let source = std::fs::read_to_string(&path).expect("the command's module");
    let file = syn::parse_file(&source).expect("the command's module parses");
    let function = file
        .items
        .iter()
        .find_map(|item| match item {
            Item::Fn(function) if function.sig.ident == name => Some(function),
            _ => None,
        })
        .unwrap_or_else(|| panic!("commands::{module}::{name} is a function there"));
    let (mut args, mut raw_body) = (Vec::new(), false);
    for input in &function.sig.inputs {
        let FnArg::Typed(input) = input else {
            panic!("{name} is a free function")
        };
        let Pat::Ident(arg) = &*input.pat else {
            panic!("{name}'s arguments are plain names")
        };
        let kind = last_segment(&input.ty);
        if FROM_THE_SHELL.contains(&kind.as_str()) {
            continue;
        }
        if kind == "Request" {
            raw_body = true;
            continue;
        }
        args.push((camel_case(&arg.ident.to_string()), names.of(&input.ty)));
    }
    let syn::ReturnType::Type(_, answer) = &function.sig.output else {
        panic!("{name} answers Answer<T>")
    };
    assert_eq!(last_segment(answer), "Answer", "{name} answers Answer<T>");
    Command {
        doc: first_paragraph(&function.attrs),
        args,
        raw_body,
        answer: names.of(type_argument(answer)),
    }
}

/// Rust types to TypeScript, the named ones through the bindings' own names.
struct TypeNames {
    bindings: BTreeMap<String, String>,
    used: BTreeSet<String>,
}

impl TypeNames {
    fn of(&mut self, ty: &Type) -> String {
        match ty {
            Type::Tuple(unit) if unit.elems.is_empty() => "null".into(),
            Type::Reference(reference) => self.of(&reference.elem),
            Type::Path(_) => match last_segment(ty).as_str() {
                "String" | "str" => "string".into(),
                "bool" => "boolean".into(),
                "u8" | "u16" | "u32" | "u64" | "usize" | "i32" | "i64" | "f32" | "f64" => {
                    "number".into()
                }
                "Option" => format!("{} | null", self.of(type_argument(ty))),
                "Vec" => match self.of(type_argument(ty)) {
                    union if union.contains(' ') => format!("({union})[]"),
                    one => format!("{one}[]"),
                },
                // The bytes as they are (`tauri::ipc::Response`).
                "Response" => "ArrayBuffer".into(),
                rust => {
                    let name = self.bindings.get(rust).unwrap_or_else(|| {
                        panic!("{rust} is not in ui/src/bindings.ts: visit it in bindings::declarations")
                    });
                    self.used.insert(name.clone());
                    name.clone()
                }
            },
            _ => panic!("a command's type is a path, a reference or ()"),
        }
    }
}

fn last_segment(ty: &Type) -> String {
    match ty {
        Type::Path(path) => path
            .path
            .segments
            .last()
            .map(|segment| segment.ident.to_string())
            .unwrap_or_default(),
        Type::Reference(reference) => last_segment(&reference.elem),
        _ => String::new(),
    }
}

fn type_argument(ty: &Type) -> &Type {
    let Type::Path(path) = ty else {
        panic!("a generic type")
    };
    let segment = path.path.segments.last().expect("a named type");
    let PathArguments::AngleBracketed(arguments) = &segment.arguments else {
        panic!("{} has a type argument", segment.ident)
    };
    arguments
        .args
        .iter()
        .find_map(|argument| match argument {
            GenericArgument::Type(ty) => Some(ty),
            _ => None,
        })
        .expect("a type argument")
}

/// The first paragraph of the documentation in `attributes`, on one line.
fn first_paragraph(attributes: &[Attribute]) -> String {
    let lines = attributes
        .iter()
        .filter_map(|attribute| match &attribute.meta {
            Meta::NameValue(doc) if doc.path.is_ident("doc") => match &doc.value {
                Expr::Lit(text) => match &text.lit {
                    Lit::Str(text) => Some(text.value().trim().to_owned()),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        });
    lines
        .take_while(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn camel_case(snake: &str) -> String {
    let mut words = snake.split('_');
    let mut out = words.next().unwrap_or_default().to_owned();
    for word in words {
        let mut letters = word.chars();
        if let Some(first) = letters.next() {
            out.extend(first.to_uppercase());
            out.push_str(letters.as_str());
        }
    }
    out
}

/// `ui/src/commands.ts` as it should read.
pub fn typescript() -> String {
    let mut names = TypeNames {
        bindings: bedside_desktop::bindings::typescript_names(),
        used: BTreeSet::new(),
    };
    let commands: BTreeMap<String, Command> = registered()
        .into_iter()
        .map(|(module, name)| {
            let command = command(&module, &name, &mut names);
            (name, command)
        })
        .collect();
    let mut out = String::from(
        "// Generated from the shell's commands by `BEDSIDE_WRITE_BINDINGS=1 cargo test -p \
         bedside-desktop --test shell types`; do not edit.\n\
         import { invoke } from '@tauri-apps/api/core';\n\n",
    );
    if !names.used.is_empty() {
        let used: Vec<_> = names.used.iter().map(String::as_str).collect();
        out.push_str(&format!(
            "import type {{ {} }} from './bindings';\n\n",
            used.join(", ")
        ));
    }
    out.push_str(
        "/** Each command the window's shell registers, with the arguments and answer its \
         Rust function declares. */\nexport const commands = {\n",
    );
    for (name, command) in &commands {
        if !command.doc.is_empty() {
            out.push_str(&format!("  /** {} */\n", command.doc));
        }
        let mut params: Vec<String> = command
            .args
            .iter()
            .map(|(arg, ty)| format!("{arg}: {ty}"))
            .collect();
        assert!(
            !command.raw_body || command.args.is_empty(),
            "{name} takes the raw body: its other arguments would never be sent"
        );
        let call = if command.raw_body {
            params.push("body: ArrayBuffer | Uint8Array".into());
            params.push("headers: Record<string, string>".into());
            format!("'{name}', body, {{ headers }}")
        } else if command.args.is_empty() {
            format!("'{name}'")
        } else {
            let keys: Vec<&str> = command.args.iter().map(|(arg, _)| arg.as_str()).collect();
            format!("'{name}', {{ {} }}", keys.join(", "))
        };
        out.push_str(&format!(
            "  {}: ({}) =>\n    invoke<{}>({call}),\n",
            camel_case(name),
            params.join(", "),
            command.answer
        ));
    }
    out.push_str("};\n");
    out
}

/// `ui/src/commands.ts` is what [`typescript`] writes from the shell's functions (run with
/// `BEDSIDE_WRITE_BINDINGS=1` to rewrite it).
#[test]
fn the_windows_command_types_are_generated_from_the_shells_functions() {
    let file = app_dir().join("../../ui/src/commands.ts");
    let generated = typescript();
    if std::env::var_os("BEDSIDE_WRITE_BINDINGS").is_some() {
        std::fs::write(&file, &generated).expect("write ui/src/commands.ts");
    }
    let committed = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        committed == generated,
        "ui/src/commands.ts differs from the shell's commands; rewrite it with \
         BEDSIDE_WRITE_BINDINGS=1 cargo test -p bedside-desktop --test shell types"
    );
}
