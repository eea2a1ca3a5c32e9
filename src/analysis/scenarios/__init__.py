"""Scenario models for policy advisors: channel shift, shared IT operations, joint licences."""
