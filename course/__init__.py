"""Course tooling: the student and solutions editions and an nbgrader course folder (``python -m course.editions``)."""
