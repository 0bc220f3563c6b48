"""The domain without terminal or SQL: frameworks, answers, review, guard, import checks…"""
