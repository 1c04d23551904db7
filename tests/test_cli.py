"""The command line as a user meets it: version, help with examples, exit statuses."""

from briefings import __version__

from .conftest import briefings


def test_version_is_printed():
    result = briefings("--version")
    assert result.returncode == 0
    assert __version__ in result.stdout


def test_every_command_has_help_with_an_example():
    for command in ([], ["build"], ["check"]):
        result = briefings(*command, "--help")
        assert result.returncode == 0, result.stderr
        assert "Example" in result.stdout, command


def test_usage_errors_exit_with_status_2():
    assert briefings("build", "--no-such-option").returncode == 2
    assert briefings("no-such-command").returncode == 2
    assert briefings("build", "--project", "/no/such/folder").returncode == 2


def test_check_reports_what_it_read_and_writes_nothing(project):
    root = project("minimal")
    result = briefings("check", "--project", str(root))
    assert result.returncode == 0, result.stderr
    assert "1 findings, 2 learning points" in result.stdout
    assert not (root / "site").exists()


def test_a_folder_without_briefings_yaml_is_a_content_error(tmp_path):
    result = briefings("build", "--project", str(tmp_path))
    assert result.returncode == 1
    assert "no briefings.yaml here" in result.stderr
