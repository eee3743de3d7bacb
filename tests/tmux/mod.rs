//! Drives the real binary in a private tmux server: type keys, read the screen.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

/// A tmux server of its own (own socket) running one command in a W x H pane.
pub struct Tmux {
    socket: PathBuf,
    _dir: tempfile::TempDir,
}

impl Tmux {
    /// Starts `program args` with `env` in a detached session. When the program exits the
    /// pane prints `__EXIT=<code>` and stays, so tests can read what was left on screen.
    pub fn start(
        program: &str,
        args: &[&str],
        env: &[(&str, &str)],
        width: u16,
        height: u16,
    ) -> Tmux {
        let mut cmdline = String::from("env");
        for (k, v) in env {
            cmdline.push_str(&format!(" {k}={}", shell_quote(v)));
        }
        cmdline.push_str(&format!(" {}", shell_quote(program)));
        for a in args {
            cmdline.push_str(&format!(" {}", shell_quote(a)));
        }
        cmdline.push_str("; echo __EXIT=$?; sleep 600");
        Tmux::run(&cmdline, width, height)
    }

    /// An interactive shell with job control (`PROMPT$ ` prompt) in a W x H pane, for tests
    /// that suspend and resume the program.
    pub fn shell(width: u16, height: u16) -> Tmux {
        Tmux::run("env ENV=/dev/null PS1='PROMPT$ ' /bin/sh -i", width, height)
    }

    fn run(cmdline: &str, width: u16, height: u16) -> Tmux {
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("tmux.sock");
        let status = Command::new("tmux")
            .arg("-S")
            .arg(&socket)
            .args([
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-x",
                &width.to_string(),
                "-y",
                &height.to_string(),
            ])
            .args(["-e", "TERM=xterm-256color"])
            .arg(cmdline)
            .status()
            .expect("tmux must be installed (tests/run installs it)");
        assert!(status.success(), "tmux new-session failed");
        Tmux { socket, _dir: dir }
    }

    fn tmux(&self) -> Command {
        let mut c = Command::new("tmux");
        c.arg("-S").arg(&self.socket);
        c
    }

    /// Sends tmux key names, e.g. `["j", "Enter", "Escape", "C-c"]`.
    pub fn keys(&self, keys: &[&str]) {
        let ok = self
            .tmux()
            .arg("send-keys")
            .args(["-t", "0"])
            .args(keys)
            .status()
            .unwrap()
            .success();
        assert!(ok, "send-keys failed");
    }

    /// `K`, then keep the newest `n` (the prompt's default replaced) and submit.
    pub fn keep_newest(&self, n: u32, timeout: Duration) {
        self.keys(&["K"]);
        self.wait_for("Keep", timeout);
        self.keys(&["BSpace"]);
        self.text(&n.to_string());
        self.keys(&["Enter"]);
    }

    /// Types literal text.
    pub fn text(&self, text: &str) {
        let ok = self
            .tmux()
            .args(["send-keys", "-t", "0", "-l", text])
            .status()
            .unwrap()
            .success();
        assert!(ok, "send-keys -l failed");
    }

    /// Resizes the window (the program gets SIGWINCH).
    pub fn resize(&self, width: u16, height: u16) {
        let ok = self
            .tmux()
            .args([
                "resize-window",
                "-t",
                "0",
                "-x",
                &width.to_string(),
                "-y",
                &height.to_string(),
            ])
            .status()
            .unwrap()
            .success();
        assert!(ok, "resize-window failed");
    }

    /// The screen as text.
    pub fn screen(&self) -> String {
        let out = self
            .tmux()
            .args(["capture-pane", "-p", "-t", "0"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen satisfies `pred`; panics with the screen after `timeout`.
    pub fn wait_until(&self, what: &str, timeout: Duration, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if pred(&s) {
                return s;
            }
            if start.elapsed() > timeout {
                panic!("timed out after {timeout:?} waiting for {what}; screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits until `needle` is on screen, also when the terminal wrapped it over two lines
    /// (a shell's long `Killed …` line can push `__EXIT=` across the edge).
    pub fn wait_for(&self, needle: &str, timeout: Duration) -> String {
        self.wait_until(&format!("{needle:?}"), timeout, |s| {
            s.contains(needle) || s.replace('\n', "").contains(needle)
        })
    }

    /// Sets a global tmux option, e.g. `("set-clipboard", "on")`.
    pub fn set_option(&self, name: &str, value: &str) {
        let ok = self
            .tmux()
            .args(["set-option", "-g", name, value])
            .status()
            .unwrap()
            .success();
        assert!(ok, "set-option {name} failed");
    }

    /// The newest paste buffer (what OSC 52 put there with `set-clipboard on`), if any.
    pub fn buffer(&self) -> Option<String> {
        let out = self.tmux().arg("show-buffer").output().unwrap();
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// The pane's terminal device, e.g. `/dev/pts/3`.
    pub fn pane_tty(&self) -> String {
        let out = self
            .tmux()
            .args(["display-message", "-p", "-t", "0", "#{pane_tty}"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// PID of the program in the pane (the shell's child).
    pub fn program_pid(&self) -> Option<u32> {
        let out = self
            .tmux()
            .args(["display-message", "-p", "-t", "0", "#{pane_pid}"])
            .output()
            .ok()?;
        let shell: u32 = String::from_utf8_lossy(&out.stdout).trim().parse().ok()?;
        let kids = Command::new("pgrep")
            .args(["-P", &shell.to_string()])
            .output()
            .ok()?;
        String::from_utf8_lossy(&kids.stdout)
            .lines()
            .filter_map(|l| l.trim().parse().ok())
            .find(|&p| {
                std::fs::read_to_string(format!("/proc/{p}/comm"))
                    .map(|c| !c.starts_with("sleep"))
                    .unwrap_or(false)
            })
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux().arg("kill-server").status();
    }
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}
