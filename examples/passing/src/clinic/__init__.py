# SPDX-FileCopyrightText: 2023 Example Health Foundation
# SPDX-License-Identifier: Apache-2.0
"""OpenClinic Registry."""
