use super::*;

#[test]
fn encodes_the_text_as_base64_inside_osc_52() {
    assert_eq!(osc52("hi"), "\x1b]52;c;aGk=\x07");
    let mut out = Vec::new();
    assert!(copy(&mut out, "arn:aws:ecs:x").is_ok());
    assert_eq!(out, b"\x1b]52;c;YXJuOmF3czplY3M6eA==\x07");
}
