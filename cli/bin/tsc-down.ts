#!/usr/bin/env -S node --
import { launch } from "./launch.js";

launch("tsc-down");
